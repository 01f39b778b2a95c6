#pragma once

// A scripted SIMCom modem on LoopbackTransport + ManualClock for flow tests: each command gets the
// verbatim reply protocol.md gives for the model (SIM7000G, SIM7080G, SIM800L), URCs can follow a
// reply after a delay on the manual clock, and a test can override any reply to build a scenario.

#include "core/at/atchannel.h"
#include "core/catalog/commandcatalog.h"
#include "core/clock.h"
#include "core/flows/flowrunner.h"
#include "core/modem/modelprofile.h"
#include "core/transport/loopbacktransport.h"

#include <QCoreApplication>
#include <QHash>

#include <functional>
#include <memory>

struct ScriptedModem {
    using Reply = std::function<QByteArray(const QByteArray &command)>;

    explicit ScriptedModem(ModemBench::ModelFamily family,
                           ModemBench::LoopbackTransport::Chunking chunking = ModemBench::LoopbackTransport::Chunking::Whole,
                           int chunkSize = 1)
    {
        using namespace ModemBench;
        if (auto loaded = CommandCatalog::loadDefault())
            catalog = std::make_unique<CommandCatalog>(std::move(*loaded));
        transport.setChunking(chunking, chunkSize, 7);
        transport.open();
        channel = std::make_unique<AtChannel>(&transport, &clock, catalog.get());
        QObject::connect(&transport, &LoopbackTransport::hostWrote, [this](const QByteArray &bytes) { onWrite(bytes); });
        common();
        if (family == ModelFamily::Sim7000)
            sim7000();
        else if (family == ModelFamily::Sim7080)
            sim7080();
        else
            sim800();
    }

    static QByteArray ok(const QByteArray &lines = {})
    {
        QByteArray out;
        for (const QByteArray &line : lines.split('\n')) {
            if (!line.isEmpty())
                out += "\r\n" + line + "\r\n";
        }
        return out + "\r\nOK\r\n";
    }
    void on(const QByteArray &command, QByteArray reply)
    {
        replies[command] = [reply](const QByteArray &) { return reply; };
    }
    void on(const QByteArray &command, Reply reply) { replies[command] = std::move(reply); }
    // A command answered with a data prompt ("> " for AT+CASEND, ">" for AT+CIPSEND, §18): the
    // modem then takes exactly `length` raw bytes (kept in `payloads`) and answers afterPayload(bytes).
    void onPrompt(const QByteArray &command, QByteArray prompt, qsizetype length, Reply afterPayload)
    {
        replies[command] = [this, prompt, length, afterPayload](const QByteArray &) {
            m_rawExpect = length;
            m_rawReply = afterPayload;
            return prompt;
        };
    }
    // Bytes the modem sends by itself `ms` after now.
    void later(qint64 ms, QByteArray bytes)
    {
        auto timer = clock.createTimer();
        ModemBench::ClockTimer *raw = timer.get();
        timers.push_back(std::move(timer));
        raw->start(ms, [this, bytes] { transport.deliverFromModem(noise + bytes); });
    }
    // Runs the event loop and the clock until the runner finished or `maxMs` of modem time passed.
    bool runUntil(const bool &finished, qint64 maxMs, qint64 stepMs = 100)
    {
        const qint64 end = clock.nowMs() + maxMs;
        while (!finished && clock.nowMs() < end) {
            for (int i = 0; i < 20 && !finished; ++i)
                QCoreApplication::processEvents();
            if (!finished)
                clock.advance(stepMs);
        }
        return finished;
    }
    int count(const QByteArray &command) const { return int(commands.count(command)); }

    ModemBench::ManualClock clock;
    ModemBench::LoopbackTransport transport;
    std::unique_ptr<ModemBench::CommandCatalog> catalog;
    std::unique_ptr<ModemBench::AtChannel> channel;
    QHash<QByteArray, Reply> replies;
    QList<QByteArray> commands;
    QList<QByteArray> payloads; // raw bytes taken after an onPrompt() prompt
    QByteArray noise;        // prepended to every reply (line-noise scenario)
    bool silent = false;     // a modem that answers nothing
    std::vector<std::unique_ptr<ModemBench::ClockTimer>> timers;

private:
    void onWrite(const QByteArray &bytes)
    {
        m_pending += bytes;
        takeRawPayload();
        qsizetype cr;
        while (m_rawExpect == 0 && (cr = m_pending.indexOf('\r')) >= 0) {
            const QByteArray command = m_pending.left(cr).trimmed();
            m_pending.remove(0, cr + 1);
            if (command.isEmpty() || command.startsWith('\x1b'))
                continue;
            commands << command;
            if (silent)
                continue;
            const auto it = replies.constFind(command);
            const QByteArray reply = it != replies.cend() ? (*it)(command) : QByteArray("\r\nERROR\r\n");
            // Delivered from the event loop, as a real port would.
            QMetaObject::invokeMethod(&transport, [this, reply] {
                if (!reply.isEmpty())
                    transport.deliverFromModem(noise + reply);
            }, Qt::QueuedConnection);
        }
    }
    // The bytes after a prompt are data, not commands; the reply follows the last of them.
    void takeRawPayload()
    {
        if (m_rawExpect == 0 || m_pending.isEmpty())
            return;
        const QByteArray part = m_pending.left(m_rawExpect);
        m_pending.remove(0, part.size());
        m_rawExpect -= part.size();
        m_raw += part;
        if (m_rawExpect > 0)
            return;
        payloads << m_raw;
        const QByteArray reply = m_rawReply ? m_rawReply(m_raw) : QByteArray();
        m_raw.clear();
        QMetaObject::invokeMethod(&transport, [this, reply] {
            if (!reply.isEmpty())
                transport.deliverFromModem(noise + reply);
        }, Qt::QueuedConnection);
    }
    void common()
    {
        on("AT", ok());
        on("ATE0", ok());
        on("AT+CMEE=1", ok());
        on("AT+CMEE?", ok("+CMEE: 1"));
        on("AT+CPIN?", ok("+CPIN: READY"));
        on("AT+COPS=2", ok());
        on("AT+COPS=0", ok());
    }
    void sim7000()
    {
        on("AT+CGMM", ok("SIMCOM_SIM7000G"));
        on("ATI", ok("SIM7000G R1529"));
        on("AT+CGMR", ok("Revision:1529B04SIM7000G"));
        on("AT+CEREG?", ok("+CEREG: 0,1"));
        on("AT+CGREG?", ok("+CGREG: 0,1"));
        on("AT+CGNAPN", ok("+CGNAPN: 1,\"ctnb\""));
        auto active = std::make_shared<bool>(false);
        on("AT+CNACT?", [active](const QByteArray &) {
            return ok(*active ? "+CNACT: 1,\"10.250.5.248\"" : "+CNACT: 0,\"0.0.0.0\"");
        });
        on("AT+CNCFG=1,\"ctnb\"", ok());
        on("AT+CNACT=1,\"ctnb\"", [this, active](const QByteArray &) {
            *active = true;
            later(500, "\r\n+APP PDP: ACTIVE\r\n"); // BOT-LOG: ~0.5 s after OK
            return ok();
        });
        on("AT+SNPING4=\"8.8.8.8\",3,16,5000",
           ok("+SNPING4: 1,180.97.33.108,147\n+SNPING4: 2,180.97.33.108,546\n+SNPING4: 3,180.97.33.108,278"));
    }
    void sim7080()
    {
        on("AT+CGMM", ok("SIMCOM_SIM7080"));
        on("ATI", ok("SIM7080 R1351"));
        on("AT+CGMR", ok("Revision:1951B16SIM7080"));
        on("AT+CEREG?", ok("+CEREG: 0,1"));
        on("AT+CGREG?", ok("+CGREG: 0,1"));
        on("AT+CGNAPN", ok("+CGNAPN: 1,\"ctnb\""));
        on("AT+CNCFG=0,1,\"ctnb\"", ok());
        auto active = std::make_shared<bool>(false);
        on("AT+CNACT?", [active](const QByteArray &) {
            return ok(QByteArray(*active ? "+CNACT: 0,1,\"10.94.36.44\"" : "+CNACT: 0,0,\"0.0.0.0\"")
                      + "\n+CNACT: 1,0,\"0.0.0.0\"\n+CNACT: 2,0,\"0.0.0.0\"\n+CNACT: 3,0,\"0.0.0.0\"");
        });
        on("AT+CNACT=0,1", [this, active](const QByteArray &) {
            *active = true;
            later(500, "\r\n+APP PDP: 0,ACTIVE\r\n");
            return ok();
        });
        on("AT+SNPDPID=0", ok());
        on("AT+SNPING4=\"8.8.8.8\",3,16,5000",
           ok("+SNPING4: 1,180.97.33.108,147\n+SNPING4: 2,180.97.33.108,546"));
    }
    void sim800()
    {
        on("AT+CGMM", ok("SIMCOM_SIM800L"));
        on("ATI", ok("SIM800 R14.18"));
        on("AT+CGMR", ok("Revision:1418B05SIM800L24"));
        on("AT+CIPSSL=?", ok("+CIPSSL: (0-1)"));
        on("AT+CGREG?", ok("+CGREG: 0,1"));
        on("AT+CREG?", ok("+CREG: 0,1"));
        auto state = std::make_shared<QByteArray>("IP INITIAL");
        // §11.2: "OK" then "STATE: <state>".
        on("AT+CIPSTATUS", [state](const QByteArray &) { return "\r\nOK\r\n\r\nSTATE: " + *state + "\r\n"; });
        on("AT+CSTT=\"internet\"", [state](const QByteArray &) { *state = "IP START"; return ok(); });
        on("AT+CSTT=\"CMNET\"", [state](const QByteArray &) { *state = "IP START"; return ok(); });
        on("AT+CIICR", [state](const QByteArray &) { *state = "IP GPRSACT"; return ok(); });
        on("AT+CIFSR;E0", [state](const QByteArray &) { *state = "IP STATUS"; return ok("10.78.245.128"); });
        on("AT+CIPPING=\"8.8.8.8\",3,16,50",
           ok("+CIPPING: 1,\"8.8.8.8\",3,52\n+CIPPING: 2,\"8.8.8.8\",600,255\n+CIPPING: 3,\"8.8.8.8\",5,52"));
    }

    QByteArray m_pending;
    qsizetype m_rawExpect = 0;
    QByteArray m_raw;
    Reply m_rawReply;
};
