// Framer: every chunking gives the same events (test-plan B2) and the buffer stays bounded (B8).
#include "core/at/framer.h"

#include <QTest>

using namespace ModemBench;

namespace {

QList<QByteArray> frame(const QByteArray &bytes, int chunk, std::optional<Framer::BinaryRule> rule = {},
                        bool prompt = false)
{
    Framer framer(64);
    framer.setBinaryRule(rule);
    framer.setPromptDetection(prompt);
    QList<QByteArray> events;
    framer.setHandler([&](const Framer::Event &event) {
        switch (event.kind) {
        case Framer::EventKind::Line: events << "L:" + event.data; break;
        case Framer::EventKind::Prompt: events << "P"; break;
        case Framer::EventKind::Payload: events << "B:" + event.data; break;
        case Framer::EventKind::BadBinaryHeader: events << "H:" + event.data; break;
        case Framer::EventKind::Overflow: events << "O"; break;
        case Framer::EventKind::RawFlush: break;
        }
    });
    for (qsizetype i = 0; i < bytes.size(); i += chunk)
        framer.feed(bytes.mid(i, chunk));
    return events;
}

} // namespace

class TestFramer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameEventsForEverySplit_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("SIM7000 echo + reply") << QByteArray("AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
        QTest::newRow("CR only") << QByteArray("\r+CSQ: 20,99\r\rOK\r");
        QTest::newRow("LF only") << QByteArray("\n+CSQ: 20,99\n\nOK\n");
        QTest::newRow("CR CR LF") << QByteArray("\r\r\n+CSQ: 20,99\r\r\n");
        QTest::newRow("NO CARRIER after LF") << QByteArray("\nNO CARRIER\r\n");
    }
    void sameEventsForEverySplit()
    {
        QFETCH(QByteArray, bytes);
        const QList<QByteArray> whole = frame(bytes, int(bytes.size()));
        for (int chunk = 1; chunk < bytes.size(); ++chunk)
            QCOMPARE(frame(bytes, chunk), whole);
        // Cut at every offset into two pieces.
        for (int cut = 1; cut < bytes.size(); ++cut) {
            Framer framer;
            QList<QByteArray> events;
            framer.setHandler([&](const Framer::Event &e) { if (e.kind == Framer::EventKind::Line) events << "L:" + e.data; });
            framer.feed(bytes.left(cut));
            framer.feed(bytes.mid(cut));
            QCOMPARE(events, whole);
        }
    }

    void overflowDropsTheLine()
    {
        const QList<QByteArray> events = frame(QByteArray(200, 'x') + "\r\nOK\r\n", 7);
        QCOMPARE(events, (QList<QByteArray>{"O", "L:OK"}));
    }

    void sameLineBinary()
    {
        const QByteArray bytes = QByteArrayLiteral("\r\n+CARECV: 5,a\r\nb\x00\r\nOK\r\n");
        const Framer::BinaryRule rule{"+CARECV:", true, 100};
        for (int chunk = 1; chunk <= bytes.size(); ++chunk)
            QCOMPARE(frame(bytes, chunk, rule), (QList<QByteArray>{"L:+CARECV: 5", QByteArray("B:a\r\nb\x00", 7), "L:OK"}));
    }

    void nextLineBinary()
    {
        const QByteArray bytes = "\r\n+CFSRFILE: 4\r\n\r\n\r\n\r\nOK\r\n";
        const Framer::BinaryRule rule{"+CFSRFILE:", false, 100};
        QCOMPARE(frame(bytes, 1, rule), (QList<QByteArray>{"L:+CFSRFILE: 4", "B:\r\n\r\n", "L:OK"}));
    }

    void promptWithAndWithoutSpace()
    {
        QCOMPARE(frame("\r\n> ", 1, {}, true), QList<QByteArray>{"P"});
        QCOMPARE(frame("\r\n>", 1, {}, true), QList<QByteArray>{"P"});
        QCOMPARE(frame("\r\n> ", 1, {}, false), QList<QByteArray>{}); // a partial line, no event yet
    }

    void garbageBytesAreCountedNotKept()
    {
        Framer framer;
        QList<QByteArray> lines;
        framer.setHandler([&](const Framer::Event &e) { if (e.kind == Framer::EventKind::Line) lines << e.data; });
        framer.feed(QByteArray("\x00\x00\xff" "OK\x01\r\n", 8));
        QCOMPARE(lines, QList<QByteArray>{"OK"});
        QCOMPARE(framer.garbageBytes(), 4);
    }
};

QTEST_GUILESS_MAIN(TestFramer)
#include "tst_framer.moc"
