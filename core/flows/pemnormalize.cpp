#include "core/flows/pemnormalize.h"

#include "core/pki/opensslptr.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <QList>
#include <QObject>

#include <algorithm>
#include <optional>
#include <vector>

namespace ModemBench {

namespace {

using Pki::Internal::X509Ptr;

X509Ptr parseCertificate(const QByteArray &block)
{
    BIO *bio = BIO_new_mem_buf(block.constData(), int(block.size()));
    if (!bio)
        return {};
    X509Ptr cert(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
    BIO_free(bio);
    return cert;
}

// Leaf first, then its issuer, and so on; the input order when the blocks are not one chain.
QList<QByteArray> chainOrder(const QList<QByteArray> &blocks)
{
    std::vector<X509Ptr> certs;
    for (const QByteArray &block : blocks) {
        certs.push_back(parseCertificate(block));
        if (!certs.back())
            return blocks;
    }
    const auto issues = [&](size_t issuer, size_t subject) {
        return issuer != subject
            && X509_NAME_cmp(X509_get_subject_name(certs[issuer].get()), X509_get_issuer_name(certs[subject].get())) == 0;
    };
    // The leaf issues no other certificate of the set.
    std::optional<size_t> leaf;
    for (size_t i = 0; i < certs.size(); ++i) {
        bool issuesOne = false;
        for (size_t j = 0; j < certs.size(); ++j)
            issuesOne = issuesOne || issues(i, j);
        if (!issuesOne) {
            if (leaf)
                return blocks; // several leaves: a bundle, not a chain
            leaf = i;
        }
    }
    if (!leaf)
        return blocks;
    QList<QByteArray> ordered{blocks[qsizetype(*leaf)]};
    std::vector<bool> used(certs.size(), false);
    used[*leaf] = true;
    for (size_t current = *leaf; ordered.size() < blocks.size();) {
        std::optional<size_t> issuer;
        for (size_t i = 0; i < certs.size() && !issuer; ++i) {
            if (!used[i] && issues(i, current))
                issuer = i;
        }
        if (!issuer)
            return blocks;
        used[*issuer] = true;
        ordered << blocks[qsizetype(*issuer)];
        current = *issuer;
    }
    return ordered;
}

Error usage(const QString &message)
{
    return {ErrorCode::Usage, message, {}, -1};
}

} // namespace

Result<QByteArray> normalizePem(const QByteArray &pem)
{
    for (qsizetype i = 0; i < pem.size(); ++i) {
        const auto c = uchar(pem[i]);
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c >= 0x80)
            return std::unexpected(usage(
                QObject::tr("This is not a PEM text file (binary byte 0x%1 at offset %2). A DER certificate can be "
                            "converted with: openssl x509 -inform der -in FILE -out FILE.pem")
                    .arg(c, 2, 16, QLatin1Char('0'))
                    .arg(i)));
    }
    QByteArray text = pem;
    text.replace("\r\n", "\n");
    text.replace('\r', '\n');
    QList<QByteArray> blocks;
    QByteArray block;
    bool inBlock = false;
    for (QByteArray line : text.split('\n')) {
        while (line.endsWith(' ') || line.endsWith('\t'))
            line.chop(1);
        if (!inBlock && line.startsWith("-----BEGIN ")) {
            inBlock = true;
            block.clear();
        }
        if (!inBlock)
            continue;
        block += line + '\n';
        if (line.startsWith("-----END ")) {
            inBlock = false;
            blocks << block;
        }
    }
    if (inBlock)
        return std::unexpected(usage(QObject::tr("The PEM text ends inside a block: a \"-----END\" line is missing "
                                                 "(was the file cut short?)")));
    if (blocks.isEmpty())
        return std::unexpected(usage(QObject::tr("No PEM block found: a certificate or key file starts with a "
                                                 "\"-----BEGIN ...-----\" line")));
    const bool allCertificates = std::all_of(blocks.cbegin(), blocks.cend(), [](const QByteArray &b) {
        return b.startsWith("-----BEGIN CERTIFICATE-----\n");
    });
    if (allCertificates && blocks.size() > 1)
        blocks = chainOrder(blocks);
    return blocks.join();
}

QList<QByteArray> pemCertificateBlocks(const QByteArray &pem)
{
    static const QByteArray begin = QByteArrayLiteral("-----BEGIN CERTIFICATE-----");
    static const QByteArray end = QByteArrayLiteral("-----END CERTIFICATE-----");
    QList<QByteArray> blocks;
    qsizetype from = 0;
    while ((from = pem.indexOf(begin, from)) >= 0) {
        const qsizetype stop = pem.indexOf(end, from);
        if (stop < 0)
            break;
        blocks << pem.mid(from, stop + end.size() - from) + '\n';
        from = stop + end.size();
    }
    return blocks;
}

} // namespace ModemBench
