#include "core/provision/profile.h"

#include <QList>

namespace ModemBench {

namespace {

struct Token {
    bool number = false;
    QString text;        // the text between numbers (upper case), or the digits
};

// "Revision:1529B04SIM7000G" → 1529 "B" 04 "SIM7000G": the digits after "SIM" name the model,
// not a build, so they stay in the text and a SIM7000 build is never compared with a SIM7080 one.
QList<Token> tokens(const QString &revision)
{
    QString text = revision.trimmed().toUpper();
    if (text.startsWith(QLatin1String("REVISION:")))
        text = text.mid(9).trimmed();
    QList<Token> result;
    qsizetype i = 0;
    while (i < text.size()) {
        const bool digit = text.at(i).isDigit();
        qsizetype end = i;
        while (end < text.size() && text.at(end).isDigit() == digit)
            ++end;
        const QString part = text.mid(i, end - i);
        if (digit && !result.isEmpty() && !result.last().number && result.last().text.endsWith(QLatin1String("SIM")))
            result.last().text += part;
        else if (!digit && !result.isEmpty() && !result.last().number)
            result.last().text += part;
        else
            result << Token{digit, part};
        i = end;
    }
    return result;
}

int compareDigits(QString a, QString b)
{
    while (a.size() > 1 && a.startsWith(QLatin1Char('0')))
        a.remove(0, 1);
    while (b.size() > 1 && b.startsWith(QLatin1Char('0')))
        b.remove(0, 1);
    if (a.size() != b.size())
        return a.size() < b.size() ? -1 : 1;
    return a.compare(b);
}

} // namespace

bool firmwareAtLeast(const QString &actual, const QString &minimum)
{
    if (minimum.trimmed().isEmpty())
        return true;
    const QList<Token> have = tokens(actual);
    const QList<Token> want = tokens(minimum);
    if (have.size() != want.size())
        return false; // a different naming scheme: another family, nothing to compare
    for (qsizetype i = 0; i < have.size(); ++i) {
        if (have.at(i).number != want.at(i).number)
            return false;
        if (!have.at(i).number) {
            if (have.at(i).text != want.at(i).text)
                return false;
            continue;
        }
        const int order = compareDigits(have.at(i).text, want.at(i).text);
        if (order != 0) {
            // The first differing number decides, but only when the rest names the same family.
            for (qsizetype j = i + 1; j < have.size(); ++j) {
                if (have.at(j).number != want.at(j).number || (!have.at(j).number && have.at(j).text != want.at(j).text))
                    return false;
            }
            return order > 0;
        }
    }
    return true;
}

} // namespace ModemBench
