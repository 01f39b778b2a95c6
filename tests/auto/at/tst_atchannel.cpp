// AtChannel against test-plan.md B1-B9, F1, F2, F5, on a loopback transport at chunk sizes 1, 8
// and random, with time from a ManualClock (no sleeps).
#include "channelfixture.h"

#include <QSignalSpy>

using namespace ModemBench;

#define CHUNKED(name)                                                                                           \
    void name##_data() { addChunkingRows(); }                                                                   \
    void name()

class TestAtChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    CHUNKED(plainOk)
    {
        CHANNEL_FIXTURE(f);
        const int id = f.send("AT");
        QCOMPARE(f.takeWritten(), QByteArray("AT\r"));
        f.modem("\r\nOK\r\n");
        QVERIFY(f.done(id));
        QVERIFY(f.results[id]->has_value());
        QCOMPARE(f.ok(id).finalLine, QByteArray("OK"));
        QVERIFY(f.ok(id).lines.isEmpty());
    }

    // B6: the same result with echo on (command + CR, then the framed reply) and off.
    CHUNKED(echoOnAndOff)
    {
        CHANNEL_FIXTURE(f);
        const int echoed = f.send("AT+CSQ");
        f.modem("AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
        const int plain = f.send("AT+CSQ");
        f.modem("\r\n+CSQ: 21,99\r\n\r\nOK\r\n");
        QCOMPARE(f.ok(echoed).lines, QList<QByteArray>{"+CSQ: 20,99"});
        QCOMPARE(f.ok(plain).lines, QList<QByteArray>{"+CSQ: 21,99"});
        QVERIFY(f.urcs.isEmpty());
    }

    // B6: echo turning on after a reboot mid-session changes nothing for the next command.
    CHUNKED(echoAfterReboot)
    {
        CHANNEL_FIXTURE(f);
        f.modem("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
        const int id = f.send("AT+CGMM");
        f.modem("AT+CGMM\r\r\nSIMCOM_SIM7000G\r\n\r\nOK\r\n");
        QCOMPARE(f.ok(id).lines, QList<QByteArray>{"SIMCOM_SIM7000G"});
        QCOMPARE(f.restarts, 1);
    }

    // B4: URCs before the echo, between echo and reply, between info and OK, after OK: the reply
    // is exact and every URC is delivered exactly once.
    CHUNKED(urcInterleaving)
    {
        CHANNEL_FIXTURE(f);
        const int id = f.send("AT+CSQ");
        f.modem("\r\n+CADATAIND: 0\r\nAT+CSQ\r\r\nDST: 1\r\n\r\n+CSQ: 18,99\r\n\r\n*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0\r\n"
                "\r\nOK\r\n\r\n+APP PDP: ACTIVE\r\n");
        QCOMPARE(f.ok(id).lines, QList<QByteArray>{"+CSQ: 18,99"});
        const QList<QByteArray> expected{"+CADATAIND: 0", "DST: 1", "*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0",
                                         "+APP PDP: ACTIVE"};
        QCOMPARE(f.urcs, expected);
    }

    // B4, TinyGSM#682: "DST: 1" during AT+CIMI must not become the IMSI.
    CHUNKED(urcDuringBareReply)
    {
        CHANNEL_FIXTURE(f);
        const int id = f.send("AT+CIMI");
        f.modem("\r\nDST: 1\r\n\r\n*PSUTTZ: 26/11/22,06:04:03\",\"+32\",0\r\n\r\n001010123456789\r\n\r\nOK\r\n");
        QCOMPARE(f.ok(id).lines, QList<QByteArray>{"001010123456789"});
        QCOMPARE(f.urcs.size(), 2);
    }

    // B4: a +CEREG URC while AT+CEREG? runs goes to URCs; the read reply stays the reply.
    CHUNKED(registrationUrcDuringRead)
    {
        CHANNEL_FIXTURE(f);
        const int id = f.send("AT+CEREG?");
        f.modem("\r\n+CEREG: 1\r\n\r\n+CEREG: 5,\"1A2B\",\"0192E301\",7\r\n\r\n+CEREG: 2,1,\"1A2B\",,\"0192E301\",7\r\n\r\nOK\r\n");
        QCOMPARE(f.ok(id).lines, QList<QByteArray>{"+CEREG: 2,1,\"1A2B\",,\"0192E301\",7"});
        QCOMPARE(f.urcs, (QList<QByteArray>{"+CEREG: 1", "+CEREG: 5,\"1A2B\",\"0192E301\",7"}));
    }

    // B4: three URCs in one read with nothing in flight, and an unknown URC.
    CHUNKED(urcsWhileIdle)
    {
        CHANNEL_FIXTURE(f);
        f.modem("\r\n+CADATAIND: 0\r\n\r\n+CASTATE: 0,0\r\n\r\n+SOMETHING NEW: 42\r\n");
        QCOMPARE(f.urcs, (QList<QByteArray>{"+CADATAIND: 0", "+CASTATE: 0,0", "+SOMETHING NEW: 42"}));
    }

    // B2: CR only, LF only and CR CR LF give the same parse.
    CHUNKED(oddLineEnds)
    {
        CHANNEL_FIXTURE(f);
        const QList<QByteArray> replies{"\r+CSQ: 20,99\r\rOK\r", "\n+CSQ: 20,99\n\nOK\n", "\r\r\n+CSQ: 20,99\r\r\n\r\r\nOK\r\r\n",
                                        "+CSQ: 20,99\r\nOK\r\n"};
        for (const QByteArray &reply : replies) {
            const int id = f.send("AT+CSQ");
            f.modem(reply);
            QVERIFY2(f.done(id) && f.results[id]->has_value(), reply.constData());
            QCOMPARE(f.ok(id).lines, QList<QByteArray>{"+CSQ: 20,99"});
        }
    }

    // B2: a final without its CRLF is not final: the command times out at its timeout, not later.
    CHUNKED(missingFinalTerminatorTimesOut)
    {
        CHANNEL_FIXTURE(f);
        AtRequest request = AtRequest::make("AT+CSQ");
        request.timeoutMs = 2000;
        const int id = f.send(request);
        f.modem("\r\n+CSQ: 20,99\r\n\r\nOK");
        f.advance(1999);
        QVERIFY(!f.done(id));
        f.advance(1);
        QVERIFY(f.done(id));
        QCOMPARE(f.results[id]->error().code, ErrorCode::Timeout);
    }

    // B3: malformed finals are defined errors, never success, never a hang.
    CHUNKED(malformedFinals)
    {
        CHANNEL_FIXTURE(f);
        struct Case { QByteArray reply; ErrorCode code; };
        const QList<Case> cases{{"\r\n+CME ERROR:\r\n", ErrorCode::CmeError},
                                {"\r\n+CME ERROR: abc\r\n", ErrorCode::CmeError},
                                {"\r\n+CME ERROR: 10\r\n", ErrorCode::CmeError},
                                {"\r\n+CME ERROR: SIM not inserted\r\n", ErrorCode::CmeError},
                                {"\r\n+CMS ERROR:\r\n", ErrorCode::CmsError},
                                {"\r\n+CMS ERROR: 304\r\n", ErrorCode::CmsError},
                                {"\r\nERROR\r\n", ErrorCode::Error}};
        for (const Case &c : cases) {
            const int id = f.send("AT+CPIN?");
            f.modem(c.reply);
            QVERIFY2(f.done(id), c.reply.constData());
            QVERIFY(!f.results[id]->has_value());
            QCOMPARE(f.results[id]->error().code, c.code);
            QVERIFY(!f.results[id]->error().message.isEmpty());
        }
        const int numeric = f.send("AT+CPIN?");
        f.modem("\r\n+CME ERROR: 10\r\n");
        QCOMPARE(f.results[numeric]->error().number, 10);
        QVERIFY(f.results[numeric]->error().message.contains(QLatin1String("SIM not inserted"), Qt::CaseInsensitive));
        // "ERRORX" is not ERROR: no final, so the command ends at its timeout.
        AtRequest request = AtRequest::make("ATI");
        request.timeoutMs = 1000;
        const int x = f.send(request);
        f.modem("\r\nERRORX\r\n");
        QVERIFY(!f.done(x));
        f.advance(1000);
        QCOMPARE(f.results[x]->error().code, ErrorCode::Timeout);
    }

    // B1: garbage before, inside and after a reply; the next AT still gets OK; garbage counted.
    CHUNKED(garbageBursts)
    {
        CHANNEL_FIXTURE(f);
        QByteArray noise;
        for (int i = 0; i < 4096; ++i)
            noise.append(char((i * 37 + 11) & 0xFF));
        f.modem(QByteArray(1, '\xff'));
        f.modem(QByteArray(100, '\0'));
        f.modem(noise);
        const int id = f.send("AT+CSQ");
        f.modem(QByteArrayLiteral("\r\n+CSQ: 20,99\x00\x01\r\n\r\nOK\r\n\xfe\xfe"));
        QVERIFY(f.done(id));
        QVERIFY(f.results[id]->has_value());
        QCOMPARE(f.ok(id).lines, QList<QByteArray>{"+CSQ: 20,99"});
        QVERIFY(f.channel->garbageBytes() >= 100 + 1);
        const int next = f.send("AT");
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[next]->has_value());
    }

    // B1: one MiB of noise with no line end stays bounded and the channel answers after it.
    void megabyteOfNoise()
    {
        ChannelFixture f;
        QByteArray noise(1 << 20, 'Z');
        f.modem(noise);
        QVERIFY(f.channel->garbageBytes() >= (1 << 20) - 4096);
        const int id = f.send("AT");
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[id]->has_value());
    }

    // B7/F5: replies at 0.5x and 0.99x the timeout succeed; at 1.01x the command times out, the
    // late reply is dropped during resync and the next command gets its own reply.
    CHUNKED(slowRepliesAndLateReply)
    {
        CHANNEL_FIXTURE(f);
        for (const qint64 at : {500, 990}) {
            AtRequest request = AtRequest::make("AT+CSQ");
            request.timeoutMs = 1000;
            const int id = f.send(request);
            f.advance(at);
            f.modem("\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
            QVERIFY(f.results[id]->has_value());
        }
        f.answerProbes = false;
        AtRequest slow = AtRequest::make("AT+CSQ");
        slow.timeoutMs = 1000;
        const int late = f.send(slow);
        const int next = f.send("AT+CGMI");
        f.advance(1000);
        QCOMPARE(f.results[late]->error().code, ErrorCode::Timeout);
        QVERIFY(f.takeWritten().endsWith("\x1b" "AT+CMEE?\r"));
        QVERIFY(!f.done(next));
        f.advance(10); // 1.01x
        f.modem("\r\n+CSQ: 20,99\r\n\r\nOK\r\n"); // the late reply
        QVERIFY(!f.done(next));
        f.modem("\r\n+CMEE: 0\r\n\r\nOK\r\n");
        QCOMPARE(f.takeWritten(), QByteArray("AT+CGMI\r"));
        f.modem("\r\nSIMCOM_Ltd\r\n\r\nOK\r\n");
        QCOMPARE(f.ok(next).lines, QList<QByteArray>{"SIMCOM_Ltd"});
        QCOMPARE(f.channel->lateLinesDiscarded(), 2);
    }

    // B7: 2x and 10x the timeout: the reply lands during or after resync and never reaches the next command.
    CHUNKED(muchLaterReply)
    {
        CHANNEL_FIXTURE(f);
        AtRequest request = AtRequest::make("AT+COPS?");
        request.timeoutMs = 1000;
        const int first = f.send(request);
        f.advance(1000); // timeout; the probe is answered at once
        QCOMPARE(f.results[first]->error().code, ErrorCode::Timeout);
        const int second = f.send("AT+CSQ");
        f.advance(9000);
        f.modem("\r\n+COPS: 0,0,\"Late\",7\r\n\r\nOK\r\n"); // arrives while AT+CSQ waits
        QVERIFY(f.done(second));
        // The stray OK is the first final the channel sees: that is the documented limit of AT, so
        // the reply must at least be recognisably wrong: no +CSQ line.
        QVERIFY(!f.results[second]->has_value() || f.ok(second).lines.isEmpty());
    }

    // B8: a 64 KiB line with no CRLF gives a line-cap error; memory stays bounded; the channel works after.
    CHUNKED(hugeLine)
    {
        CHANNEL_FIXTURE(f);
        const int id = f.send("ATI");
        f.modem(QByteArray(64 * 1024, 'A'));
        QVERIFY(f.done(id));
        QCOMPARE(f.results[id]->error().code, ErrorCode::Overflow);
        f.modem("\r\n");
        const int next = f.send("AT");
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[next]->has_value());
    }

    // B8: a 10,000-line list arrives whole.
    void tenThousandLines()
    {
        ChannelFixture f;
        const int id = f.send("AT+COPS=?");
        QByteArray reply;
        for (int i = 0; i < 10000; ++i)
            reply += "\r\n+COPS: (1,\"Op" + QByteArray::number(i) + "\",\"O\",\"00101\",7)\r\n";
        reply += "\r\nOK\r\n";
        f.modem(reply);
        QCOMPARE(f.ok(id).lines.size(), 10000);
    }

    // B8: a reply that never ends is cut at the line cap, and the channel recovers.
    void replyLineCap()
    {
        AtChannel::Options options;
        options.maxReplyLines = 100;
        ChannelFixture f(LoopbackTransport::Chunking::Whole, 1, options);
        const int id = f.send("ATI");
        QByteArray flood;
        for (int i = 0; i < 150; ++i)
            flood += "\r\nline " + QByteArray::number(i) + "\r\n";
        f.modem(flood + "\r\nOK\r\n");
        QCOMPARE(f.results[id]->error().code, ErrorCode::Overflow);
        const int next = f.send("AT");
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[next]->has_value());
    }

    // B9: a +CARECV payload with all 256 byte values, including "\r\nOK\r\n", is byte-exact.
    CHUNKED(binaryPayloadAllBytes)
    {
        CHANNEL_FIXTURE(f);
        QByteArray payload;
        for (int i = 0; i < 256; ++i)
            payload.append(char(i));
        payload += "\r\nOK\r\n\r\nERROR\r\n";
        AtRequest request = AtRequest::make("AT+CARECV=0,1024");
        request.binary = BinaryRead{"+CARECV:", true, 1024};
        const int id = f.send(request);
        f.modem("\r\n+CARECV: " + QByteArray::number(payload.size()) + "," + payload + "\r\nOK\r\n");
        QVERIFY(f.results[id]->has_value());
        QCOMPARE(f.ok(id).payload, payload);
        QVERIFY(f.urcs.isEmpty());
    }

    // B9: "+CFSRFILE: <n>" then the bytes on the next line.
    CHUNKED(binaryNextLine)
    {
        CHANNEL_FIXTURE(f);
        AtRequest request = AtRequest::make("AT+CFSRFILE=3,\"a.pem\",0,10240,0");
        request.binary = BinaryRead{"+CFSRFILE:", false, 10240};
        const int id = f.send(request);
        f.modem("\r\n+CFSRFILE: 8\r\nAB\r\nCD\r\n\r\nOK\r\n");
        QCOMPARE(f.ok(id).payload, QByteArray("AB\r\nCD\r\n"));
    }

    // B9: declared 0, negative, non-numeric and over-maximum lengths.
    CHUNKED(binaryBadHeaders)
    {
        CHANNEL_FIXTURE(f);
        auto read = [&f](const QByteArray &reply) {
            AtRequest request = AtRequest::make("AT+CARECV=0,100");
            request.binary = BinaryRead{"+CARECV:", true, 100};
            const int id = f.send(request);
            f.modem(reply);
            return id;
        };
        const int zero = read("\r\n+CARECV: 0\r\n\r\nOK\r\n");
        QVERIFY(f.results[zero]->has_value());
        QVERIFY(f.ok(zero).payload.isEmpty());
        const int negative = read("\r\n+CARECV: -5,hello\r\n\r\nOK\r\n");
        QCOMPARE(f.results[negative]->error().code, ErrorCode::Parse);
        const int text = read("\r\n+CARECV: abc,hello\r\n\r\nOK\r\n");
        QCOMPARE(f.results[text]->error().code, ErrorCode::Parse);
        const int huge = read("\r\n+CARECV: 2000,hello\r\n\r\nOK\r\n");
        QCOMPARE(f.results[huge]->error().code, ErrorCode::Desync);
        const int after = f.send("AT");
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[after]->has_value());
    }

    // B9: a declared length shorter than the data: desync error and resync at once.
    CHUNKED(binaryLengthTooShort)
    {
        CHANNEL_FIXTURE(f);
        AtRequest request = AtRequest::make("AT+CARECV=0,100");
        request.binary = BinaryRead{"+CARECV:", true, 100};
        const int id = f.send(request);
        f.modem("\r\n+CARECV: 3,hello\r\nOK\r\n");
        QCOMPARE(f.results[id]->error().code, ErrorCode::Desync);
        QCOMPARE(f.probes, 1);
        const int after = f.send("AT");
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[after]->has_value());
    }

    // B9: a declared length longer than the data: the stall is a desync within the idle timeout (< 1 s).
    CHUNKED(binaryLengthTooLong)
    {
        CHANNEL_FIXTURE(f);
        AtRequest request = AtRequest::make("AT+CARECV=0,100");
        request.binary = BinaryRead{"+CARECV:", true, 100};
        request.timeoutMs = 10000;
        const int id = f.send(request);
        f.modem("\r\n+CARECV: 50,hello\r\nOK\r\n");
        QVERIFY(!f.done(id));
        f.advance(500);
        QVERIFY(f.done(id));
        QCOMPARE(f.results[id]->error().code, ErrorCode::Desync);
        const int after = f.send("AT");
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[after]->has_value());
    }

    // F1: RDY mid-command fails it with ModemReset at once and reports the restart.
    CHUNKED(rebootMidCommand)
    {
        CHANNEL_FIXTURE(f);
        const int id = f.send("AT+CPIN?");
        f.modem("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n");
        QVERIFY(f.done(id));
        QCOMPARE(f.results[id]->error().code, ErrorCode::ModemReset);
        QCOMPARE(f.restarts, 1);
        QCOMPARE(f.urcs, (QList<QByteArray>{"RDY", "+CFUN: 1", "+CPIN: READY"}));
    }

    // A stale boot banner (buffered before the port was opened) fails the command, but the modem
    // still answers it: the resync keeps that answer away from the next command.
    void staleBannerThenLateAnswer()
    {
        ChannelFixture f;
        f.answerProbes = false;
        const int probe = f.send("AT");
        const int next = f.send("ATE0");
        f.modem("\r\nRDY\r\n");
        QCOMPARE(f.results[probe]->error().code, ErrorCode::ModemReset);
        f.modem("AT\r\r\nOK\r\n"); // the answer to the failed AT
        QVERIFY(!f.done(next));
        f.modem("\r\n+CMEE: 0\r\n\r\nOK\r\n");
        QVERIFY(f.written.endsWith("ATE0\r"));
        f.modem("ATE0\r\r\nOK\r\n");
        QVERIFY(f.results[next]->has_value());
        QVERIFY(f.ok(next).lines.isEmpty());
    }

    // A reboot the command asked for is its success, not a failure.
    void expectedRestart()
    {
        ChannelFixture f;
        const int id = f.send("AT+CFUN=1,1");
        f.modem("\r\nRDY\r\n\r\nOK\r\n");
        QVERIFY(f.results[id]->has_value());
        QCOMPARE(f.restarts, 1);
    }

    // F2: the port goes away: in-flight and queued commands fail with PortClosed; later sends too.
    void portUnplugged()
    {
        ChannelFixture f;
        QSignalSpy closed(f.channel.get(), &AtChannel::closed);
        const int inFlight = f.send("AT+CSQ");
        const int queued = f.send("AT+CGMI");
        f.transport.dropConnection();
        QCOMPARE(closed.size(), 1);
        QCOMPARE(f.results[inFlight]->error().code, ErrorCode::PortClosed);
        QCOMPARE(f.results[queued]->error().code, ErrorCode::PortClosed);
        const int after = f.send("AT");
        QCOMPARE(f.results[after]->error().code, ErrorCode::PortClosed);
        QCOMPARE(f.clock.pendingTimers(), 0); // nothing left ticking: no CPU spin
    }

    // F3: N timeouts in a row report portUnresponsive once.
    void unresponsiveAfterConsecutiveTimeouts()
    {
        AtChannel::Options options;
        options.unresponsiveAfter = 3;
        ChannelFixture f(LoopbackTransport::Chunking::Whole, 1, options);
        f.answerProbes = false;
        for (int i = 0; i < 3; ++i) {
            AtRequest request = AtRequest::make("AT");
            request.timeoutMs = 100;
            f.send(request);
            f.advance(100);
            f.advance(options.resyncProbeTimeoutMs * options.resyncAttempts);
        }
        QCOMPARE(f.unresponsive, 1);
    }

    // Console commands overtake queued background polling; order within a priority is kept.
    void priorities()
    {
        ChannelFixture f;
        const int first = f.send("AT", Priority::Background);
        const int poll = f.send("AT+CSQ", Priority::Background);
        const int user = f.send("AT+CGMI", Priority::User);
        QCOMPARE(f.takeWritten(), QByteArray("AT\r"));
        f.modem("\r\nOK\r\n");
        QCOMPARE(f.takeWritten(), QByteArray("AT+CGMI\r"));
        f.modem("\r\nSIMCOM_Ltd\r\n\r\nOK\r\n");
        QCOMPARE(f.takeWritten(), QByteArray("AT+CSQ\r"));
        f.modem("\r\n+CSQ: 1,99\r\n\r\nOK\r\n");
        QVERIFY(f.results[first]->has_value() && f.results[poll]->has_value() && f.results[user]->has_value());
    }

    // ">" prompt: the payload is written only after it, and a secret payload never reaches the traffic log.
    CHUNKED(anglePromptSecretPayload)
    {
        CHANNEL_FIXTURE(f);
        AtRequest request = AtRequest::make("AT+CASEND=0,5");
        request.payload = "hello";
        request.payloadSecret = true;
        const int id = f.send(request);
        QCOMPARE(f.takeWritten(), QByteArray("AT+CASEND=0,5\r"));
        f.modem("AT+CASEND=0,5\r\r\n> ");
        QCOMPARE(f.takeWritten(), QByteArray("hello"));
        f.modem("\r\nOK\r\n\r\n+CASEND: 0,0,5\r\n");
        QVERIFY(f.results[id]->has_value());
        QCOMPARE(f.urcs, QList<QByteArray>{"+CASEND: 0,0,5"});
        for (const TrafficRecord &record : f.traffic)
            QVERIFY(!record.bytes.contains("hello") && !record.text.contains("hello"));
        QVERIFY(std::any_of(f.traffic.begin(), f.traffic.end(),
                            [](const TrafficRecord &r) { return r.bytes == "<5 bytes redacted>"; }));
    }

    // B10: DOWNLOAD prompt, and ERROR instead of the prompt (nothing written after).
    CHUNKED(downloadPrompt)
    {
        CHANNEL_FIXTURE(f);
        AtRequest request = AtRequest::make("AT+CFSWFILE=3,\"ca.pem\",0,4,5000");
        request.payload = "ABCD";
        const int id = f.send(request);
        f.takeWritten();
        f.modem("\r\nDOWNLOAD\r\n");
        QCOMPARE(f.takeWritten(), QByteArray("ABCD"));
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[id]->has_value());
        const int refused = f.send(request);
        f.takeWritten();
        f.modem("\r\nERROR\r\n");
        QCOMPARE(f.results[refused]->error().code, ErrorCode::Error);
        QVERIFY(f.takeWritten().isEmpty());
    }

    // B11: ATV0 numeric finals are understood once ATV0 has been sent.
    void numericResults()
    {
        ChannelFixture f;
        const int v0 = f.send("ATV0");
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[v0]->has_value());
        QVERIFY(f.channel->numericResults());
        const int csq = f.send("AT+CSQ");
        f.modem("+CSQ: 20,99\r\n0\r");
        QCOMPARE(f.ok(csq).lines, QList<QByteArray>{"+CSQ: 20,99"});
        const int bad = f.send("AT+FOO");
        f.modem("4\r");
        QCOMPARE(f.results[bad]->error().code, ErrorCode::Error);
        const int v1 = f.send("ATV1");
        f.modem("0\r");
        QVERIFY(f.results[v1]->has_value());
        QVERIFY(!f.channel->numericResults());
    }

    // Callbacks are guarded by their context object; a dead context's queued command is skipped.
    void contextGuard()
    {
        ChannelFixture f;
        auto *context = new QObject;
        const int blocker = f.send("AT");
        const int guarded = f.send(AtRequest::make("AT+CSQ"), context);
        delete context;
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[blocker]->has_value());
        QVERIFY(!f.done(guarded));
        QCOMPARE(f.takeWritten(), QByteArray("AT\r"));
    }

    void cancelQueuedAndInFlight()
    {
        ChannelFixture f;
        quint64 firstId = 0;
        f.results.append(std::nullopt);
        firstId = f.channel->send(AtRequest::make("AT+COPS=?"), nullptr, [&f](const Result<AtResponse> &r) { f.results[0] = r; });
        const int queued = f.send("AT+CSQ");
        f.channel->cancel(firstId);
        QCOMPARE(f.results[0]->error().code, ErrorCode::Cancelled);
        QCOMPARE(f.probes, 1); // resync after cancelling what the modem was already doing
        QVERIFY(f.written.endsWith("AT+CSQ\r"));
        f.modem("\r\n+CSQ: 3,99\r\n\r\nOK\r\n");
        QVERIFY(f.results[queued]->has_value());
    }

    // Fuzz finding raw_sync_reply_use_after_free: a raw write answered from inside write() must
    // not touch the finished request, and the reply is unsolicited, not the next command's.
    void rawWriteAnsweredSynchronously()
    {
        ChannelFixture f;
        QObject::connect(&f.transport, &LoopbackTransport::hostWrote, [&f](const QByteArray &bytes) {
            if (bytes == "AT\r")
                f.transport.deliverFromModem("\r\nOK\r\n");
        });
        AtRequest raw = AtRequest::make("AT\r");
        raw.raw = true;
        const int rawId = f.send(raw);
        const int next = f.send("AT+CGMI");
        QVERIFY(f.results[rawId]->has_value());
        QVERIFY(!f.done(next)); // the stray OK went nowhere
        f.modem("\r\nSIMCOM_Ltd\r\n\r\nOK\r\n");
        QCOMPARE(f.ok(next).lines, QList<QByteArray>{"SIMCOM_Ltd"});
        QCOMPARE(f.channel->lateLinesDiscarded(), 1);
    }

    // Fuzz finding cancelall_during_resync_no_timer: cancelAll() during a resync keeps the probe's
    // timer, so a mute modem still leads to retries and the next command is still sent.
    void cancelAllDuringResyncKeepsItsTimer()
    {
        ChannelFixture f;
        f.answerProbes = false;
        quint64 id = 0;
        f.results.append(std::nullopt);
        id = f.channel->send(AtRequest::make("AT+CIMI"), nullptr, [&f](const Result<AtResponse> &r) { f.results[0] = r; });
        f.channel->cancel(id);
        f.channel->cancelAll();
        QVERIFY(f.clock.pendingTimers() > 0);
        const int next = f.send("AT");
        f.advance(60000);
        QVERIFY(f.written.contains("AT+CMEE?\rAT\r")); // sent once the failed resync gave up
        QVERIFY(f.done(next));
        QCOMPARE(f.results[next]->error().code, ErrorCode::Timeout);
    }

    // Fuzz finding cancelall_followup_left_without_timer: a command sent from a Cancelled callback
    // waits for the resync instead of sharing the wire with the probe, and gets its own timer.
    void commandSentFromCancelCallback()
    {
        ChannelFixture f;
        f.answerProbes = false;
        int followUp = -1;
        f.results.append(std::nullopt);
        f.channel->send(AtRequest::make("AT+COPS=?"), nullptr, [&f, &followUp](const Result<AtResponse> &r) {
            f.results[0] = r;
            followUp = f.send("AT+CGMI");
        });
        f.takeWritten();
        f.channel->cancelAll();
        QCOMPARE(f.results[0]->error().code, ErrorCode::Cancelled);
        QCOMPARE(f.takeWritten(), QByteArray("\x1b" "AT+CMEE?\r")); // the probe alone
        f.modem("\r\n+CMEE: 0\r\n\r\nOK\r\n");
        QCOMPARE(f.takeWritten(), QByteArray("AT+CGMI\r"));
        QVERIFY(f.clock.pendingTimers() > 0);
        f.advance(60000);
        QVERIFY(f.done(followUp)); // timed out rather than hanging forever
    }

    // Traffic of commands the user did not type is marked automatic; URCs never are.
    void automaticTrafficIsMarked()
    {
        ChannelFixture f;
        f.send("AT+CSQ", Priority::Background);
        f.modem("\r\n+CSQ: 5,99\r\n\r\n+CADATAIND: 0\r\n\r\nOK\r\n");
        f.send("AT+CGMI", Priority::User);
        f.modem("\r\nSIMCOM_Ltd\r\n\r\nOK\r\n");
        for (const TrafficRecord &record : f.traffic) {
            if (record.kind == TrafficKind::Urc)
                QVERIFY(!record.automatic);
            else if (record.text.contains("CSQ"))
                QVERIFY(record.automatic);
            else if (record.text.contains("CGMI") || record.text.contains("SIMCOM"))
                QVERIFY(!record.automatic);
        }
    }

    // SIM800 CIP stack: AT+CIPSHUT ends with "SHUT OK", AT+CIPCLOSE with "[<n>, ]CLOSE OK" (§11.2).
    CHUNKED(commandSpecificFinals)
    {
        CHANNEL_FIXTURE(f);
        const int shut = f.send("AT+CIPSHUT");
        f.modem("AT+CIPSHUT\r\r\nSHUT OK\r\n");
        QVERIFY(f.results[shut]->has_value());
        QCOMPARE(f.ok(shut).finalLine, QByteArray("SHUT OK"));
        const int close = f.send("AT+CIPCLOSE=0,1");
        f.modem("\r\n0, CLOSE OK\r\n");
        QVERIFY(f.results[close]->has_value());
        // Elsewhere "SHUT OK" is not a final: AT waits for its OK.
        const int plain = f.send("AT");
        f.modem("\r\nSHUT OK\r\n");
        QVERIFY(!f.done(plain));
        f.modem("\r\nOK\r\n");
        QVERIFY(f.results[plain]->has_value());
    }

    void refusesBadCommands()
    {
        ChannelFixture f;
        const int crlf = f.send("AT\r\nAT");
        QCOMPARE(f.results[crlf]->error().code, ErrorCode::Usage);
        const int longOne = f.send("AT+" + QByteArray(600, 'X'));
        QCOMPARE(f.results[longOne]->error().code, ErrorCode::Usage);
        QVERIFY(f.written.isEmpty());
    }

    void queueIsBounded()
    {
        AtChannel::Options options;
        options.maxQueued = 4;
        ChannelFixture f(LoopbackTransport::Chunking::Whole, 1, options);
        for (int i = 0; i < 5; ++i)
            f.send("AT");
        const int refused = f.send("AT");
        QCOMPARE(f.results[refused]->error().code, ErrorCode::Overflow);
    }

    // The timeout restarts on each intermediate line (style.md).
    void timeoutRestartsOnInfoLines()
    {
        ChannelFixture f;
        AtRequest request = AtRequest::make("AT+SNPING4=\"host\",3,16,1000");
        request.prefixes = {"+SNPING4:"};
        request.timeoutMs = 1000;
        const int id = f.send(request);
        for (int i = 1; i <= 3; ++i) {
            f.advance(900);
            f.modem("\r\n+SNPING4: " + QByteArray::number(i) + ",10.0.0.1,100\r\n");
        }
        f.advance(900);
        f.modem("\r\nOK\r\n");
        QCOMPARE(f.ok(id).lines.size(), 3);
    }

    // B5: 20-byte URCs at line rate (576/s at 115200) for 60 s while commands run: every command
    // succeeds, every URC arrives exactly once, nothing accumulates.
    CHUNKED(urcStorm)
    {
        CHANNEL_FIXTURE(f);
        QObject::disconnect(f.channel.get(), &AtChannel::traffic, nullptr, nullptr);
        const QByteArray urc = "\r\n+CADATAIND: 0\r\n"; // 18 bytes + the framing of the next = 20 on the wire
        int urcsSent = 0;
        int commands = 0;
        int succeeded = 0;
        for (int tick = 0; tick < 600; ++tick) { // 60 s in 100 ms steps
            QByteArray burst;
            for (int i = 0; i < 57 + (tick % 10 < 6 ? 1 : 0); ++i) {
                burst += urc;
                ++urcsSent;
            }
            const int id = f.send("AT+CSQ", Priority::Background);
            ++commands;
            // The reply arrives with URCs before, inside and after it.
            const int cut = int(burst.size() / 2 / urc.size()) * int(urc.size());
            f.modem(burst.left(cut) + "\r\n+CSQ: 20,99\r\n" + urc + "\r\nOK\r\n" + burst.mid(cut));
            ++urcsSent;
            f.advance(100);
            if (f.done(id) && f.results[id]->has_value() && f.ok(id).lines == QList<QByteArray>{"+CSQ: 20,99"})
                ++succeeded;
            f.results[id].reset(); // keep the fixture's memory flat too
        }
        QCOMPARE(succeeded, commands);
        QCOMPARE(int(f.urcs.size()), urcsSent);
        QVERIFY(urcsSent >= 576 * 60);
        QCOMPARE(f.channel->queuedCount(), 0);
        QCOMPARE(f.channel->lateLinesDiscarded(), 0);
    }

    // Every byte reaches the traffic signal (the log file hangs off it), in order.
    CHUNKED(trafficCoversEveryByte)
    {
        CHANNEL_FIXTURE(f);
        const QByteArray bytes = "AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\n+CADATAIND: 0\r\n\r\nOK\r\n";
        f.send("AT+CSQ");
        f.modem(bytes);
        QByteArray fromModem;
        for (const TrafficRecord &record : f.traffic) {
            if (!record.toModem)
                fromModem += record.bytes;
        }
        QVERIFY(bytes.startsWith(fromModem));
        QVERIFY(fromModem.size() >= bytes.size() - 1); // the final LF is logged with the next event
    }
};

QTEST_GUILESS_MAIN(TestAtChannel)
#include "tst_atchannel.moc"
