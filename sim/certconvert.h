#pragma once

#include <QByteArray>
#include <QString>

#include <expected>

namespace ModemBench::Sim::CertConvert {

// What AT+CSSLCFG="convert" (protocol.md §7.1) makes of the files in /customer/, parsed for real with
// OpenSSL. PEM and DER are accepted (P7B is not simulated).
struct Parsed
{
    QByteArray subject;       // RFC 2253 subject of the first certificate
    QByteArray certificates;  // all certificates, re-encoded as PEM
    QByteArray keyPem;        // clientPair: the private key, unencrypted PEM
};

// Type 2: a CA list, one or more certificates (PEM, possibly concatenated) or one DER certificate.
std::expected<Parsed, QString> caList(const QByteArray &file);
// Type 1: a client certificate and its private key (PEM or DER, an encrypted PEM key with
// `passkey`); fails unless the key belongs to the certificate.
std::expected<Parsed, QString> clientPair(const QByteArray &certFile, const QByteArray &keyFile,
                                          const QByteArray &passkey);
// Type 3: a PSK table, lines "<identity>:<hex key>".
bool pskTable(const QByteArray &file);

} // namespace ModemBench::Sim::CertConvert
