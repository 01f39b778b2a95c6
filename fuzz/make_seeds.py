#!/usr/bin/env python3
"""Writes the libFuzzer seed corpora under fuzz/seeds/{framer,parsers,channel}/.

The seeds are the verbatim replies of docs protocol.md and the bad-input cases B1-B9 of the test
plan, laid out in each target's input format (documented at the top of fuzz_<target>.cpp). The
framer and channel targets read their input with FuzzedDataProvider: data bytes from the front,
control values from the back. `Fdp` below builds inputs in that layout.

The channel target's command and fragment tables are read from fuzz_channel.cpp itself, so a seed
names a command by its text and cannot silently drift to another table entry.

It also writes fuzz/reproducers/channel/: inputs that crashed or hung core when found, kept out of
the seeds (which must pass) until core is fixed.

Run from anywhere: python3 fuzz/make_seeds.py  (rewrites the seed and reproducer folders; commit
the result).
"""

import json
import pathlib
import random
import re
import shutil

HERE = pathlib.Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
CATALOG = HERE.parent / "resources" / "commands.json"


class Fdp:
    """An input for FuzzedDataProvider: front bytes in order, back values in consumption order."""

    def __init__(self):
        self.front = bytearray()
        self.back = []

    def u8(self, value):
        assert 0 <= value <= 255, value
        self.back.append(value)
        return self

    def data(self, raw):
        self.front += raw
        return self

    def build(self):
        # ConsumeIntegral takes the last byte first, so the back is stored reversed.
        return bytes(self.front) + bytes(reversed(self.back))


def write(folder, name, content):
    path = SEEDS / folder / name
    path.write_bytes(content)


# --- framer ---------------------------------------------------------------------------------------

NONE, CARECV, CFSRFILE = 0, 1, 2


def framer_seed(stream, chunks, prompt=False, rule=NONE, max_length=0, line_cap=None):
    """chunks: 'whole' (64-byte pieces), an int (fixed size), or 'random'."""
    fdp = Fdp().u8(0 if line_cap is None else 127 + line_cap)
    rng = random.Random(len(stream))
    pos = 0
    while pos < len(stream):
        if chunks == "random":
            size = rng.randint(1, 16)
        elif chunks == "whole":
            size = 64
        else:
            size = chunks
        size = min(size, len(stream) - pos)
        rules = (1 if prompt else 0) | (rule << 1)
        fdp.u8(rules).u8(max_length).u8(size - 1).data(stream[pos:pos + size])
        pos += size
    return fdp.build()


def framer_streams():
    all_bytes = bytes(range(256))
    return {
        # name: (stream, prompt, rule, max_length, line_cap)
        "echo_ok": (b"AT\r\r\nOK\r\n", False, NONE, 0, None),
        "ati_sim7000g": (b"ATI\r\r\nSIM7000G R1529\r\n\r\nOK\r\n", False, NONE, 0, None),
        "csq": (b"\r\n+CSQ: 20,0\r\n\r\nOK\r\n", False, NONE, 0, None),
        "cpsi_catm1": (b"\r\n+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,"
                       b"-8,-84,-60,18\r\n\r\nOK\r\n", False, NONE, 0, None),
        "b4_urcs_in_cimi": (b"AT+CIMI\r\r\nDST: 1\r\n\r\n*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0\r\n"
                            b"\r\n001010123456789\r\n\r\nOK\r\n", False, NONE, 0, None),
        "b9_carecv_all_bytes": (b"\r\n+CARECV: 256," + all_bytes + b"\r\nOK\r\n", False, CARECV, 0, None),
        "b9_carecv_ok_inside": (b"\r\n+CARECV: 6,\r\nOK\r\n\r\nOK\r\n", False, CARECV, 0, None),
        "b9_carecv_empty": (b"\r\n+CARECV: 0\r\n\r\nOK\r\n", False, CARECV, 0, None),
        "b9_carecv_too_long": (b"\r\n+CARECV: 2000,abc\r\n\r\nOK\r\n", False, CARECV, 16, None),
        "b9_carecv_bad_length": (b"\r\n+CARECV: -1,x\r\n+CARECV: x,\r\n\r\nOK\r\n", False, CARECV, 0, None),
        "cfsrfile": (b"\r\n+CFSRFILE: 5\r\nhello\r\nOK\r\n", False, CFSRFILE, 0, None),
        "casend_prompt": (b"AT+CASEND=0,5\r\r\n> hello\r\nOK\r\n\r\n+CASEND: 0,0,5\r\n", True, NONE, 0, None),
        "sim800_bare_prompt": (b"AT+CIPSEND\r\r\n>abc\x1a\r\nSEND OK\r\n", True, NONE, 0, None),
        "cfswfile_download": (b"\r\nDOWNLOAD\r\n\r\nOK\r\n", False, NONE, 0, None),
        "b1_nul_run": (b"\x00" * 1024 + b"\r\nOK\r\n", False, NONE, 0, None),
        "b1_wrong_baud": (bytes(range(0x80, 0x100)) * 2 + b"\r\nOK\r\n", False, NONE, 0, None),
        "b2_cr_only": (b"\rOK\r", False, NONE, 0, None),
        "b2_lf_only": (b"\nOK\n", False, NONE, 0, None),
        "b2_cr_cr_lf": (b"\r\r\nOK\r\r\n", False, NONE, 0, None),
        "b2_no_carrier_lf": (b"\nNO CARRIER\r\n", False, NONE, 0, None),
        "b2_missing_final_crlf": (b"\r\n+CSQ: 20,0\r\n\r\nOK", False, NONE, 0, None),
        "b3_malformed_finals": (b"\r\n+CME ERROR:\r\n\r\n+CME ERROR: abc\r\n\r\nERRORX\r\n", False, NONE, 0, None),
        "b8_long_line": (b"A" * 5000 + b"\r\nOK\r\n", False, NONE, 0, None),
        "b8_long_line_small_cap": (b"+COPS: 0,0,\"Telekom.de 1nce.net\",3\r\nOK\r\n", False, NONE, 0, 16),
        "f1_boot_banner": (b"\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n", False, NONE, 0, None),
        "b11_numeric": (b"ATV0\r0\r+CSQ: 20,0\r\n0\r4\r", False, NONE, 0, None),
    }


def make_framer():
    for name, (stream, prompt, rule, max_length, line_cap) in framer_streams().items():
        # Long streams only in 64-byte pieces: a 20 KB seed would raise libFuzzer's max_len and
        # slow every execution down.
        for chunks in ((1, 8, "random", "whole") if len(stream) <= 600 else ("whole",)):
            write("framer", f"{name}_{chunks}", framer_seed(stream, chunks, prompt, rule, max_length, line_cap))


# --- parsers --------------------------------------------------------------------------------------

PARSER_SEEDS = {
    0: ["SIM7000G R1529", "SIM800 R14.18", "SIM7080 R1351", "SMS Ready\nSIM7000 R1351"],
    1: ["SIMCOM_Ltd", "+CGMI: SIMCOM_Ltd", "SMS Ready"],
    2: ["SIMCOM_SIM7000G", "SIMCOM_SIM800L", "+CGMM: SIMCOM_SIM7080"],
    3: ["Revision:1351B05SIM7000E_20180821_1526", "Revision: 1308B01SIM800H32", "1529B04SIM7000G",
        "Revision:1951B16SIM7080"],
    4: ["869951031234564", "+CGSN: \"869951031234564\"", "DST: 1\n869951031234564", "86995103123456"],
    5: ["001010123456789", "DST: 1\n*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0\n460001234567890", "+CEREG: 1"],
    6: ["898600810906F8048812", "8901260862291477114f", "+CCID: 8981090040025215666F", "+ICCID: \"89012608622914771148\""],
    7: ["+CPIN: READY", "+CPIN: SIM PIN", "+CPIN: PH_SIM PIN", "RDY\n+CFUN: 1\n+CPIN: READY", "+CPIN: PH-NET PIN"],
    8: ["+CEREG: 0,1", "+CEREG: 2,1,\"1A2B\",,\"0192E301\",7", "+CEREG: 2,1,\"1A2B\",\"0192E301\",7",
        "+CGREG: 0,1", "+CREG: 0,0", "+CEREG: 1\n+CEREG: 0,1", "+CEREG: 4,1,,,,,,\"00100100\",\"01100000\""],
    9: ["+CEREG: 1", "+CEREG: 1,\"1A2B\",\"0192E301\",7", "+CREG: 5,\"972D\",\"15B7\"", "+CGREG: 2"],
    10: ["+COPS: 0,0,\"CHN-UNICOM\",0", "+COPS: 0", "+COPS: 0,0,\"Viettel\"", "+COPS: 0,0,\"Telekom.de 1nce.net\",3",
         "+COPS: 0,0,\"0041\",9", "+COPS: 0,0,\"A, B\",7"],
    11: ["+CSQ: 20,0", "+CSQ: 27,99", "+CSQ:  20 , 0", "+CSQ: (0-31,99),(0-7,99)", "+CSQ: 99,99", "+CSQ: 32,0"],
    12: ["+CPSI: NO SERVICE,Online",
         "+CPSI: GSM,Online,460-01,0x144f,46576,97 EGSM 900,-52,0,39-65",
         "+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,-8,-84,-60,18",
         "+CPSI: LTE NB-IOT,Online,248-01,0x2AFA,51716400,177,EUTRAN-BAND20,6254,0,0,-10,-63,-54,15",
         "+CPSI: LTE CAT-M1,Online"],
    13: ["+CME ERROR: 10", "+CME ERROR: SIM not inserted", "+CMS ERROR: 304", "+CME ERROR:", "+CME ERROR: abc",
         "+CME ERROR: 12abc", "+CME ERROR: 99999999999"],
    16: ["+CGNAPN: 1,\"ctnb\"", "+CGNAPN: 0,\"\"", "+CNACT: 1,\"10.250.5.248\"",
         "+CNACT: 0,1,\"10.94.36.44\"\n+CNACT: 1,0,\"0.0.0.0\"", "+CGATT: 1", "+CNACT: 1,"],
    17: ["+APP PDP: ACTIVE", "+APP PDP: 0,DEACTIVE", "STATE: IP INITIAL", "10.78.245.128", "+CIFSREX: 10.1.2.3",
         "+CNCFG: 0,1,\"ctnb\",\"\",\"\",0", "+CSTT: \"CMNET\",\"\",\"\"", "+APP PDP: 9999999999,ACTIVE"],
    18: ["+SNPING4: 1,180.97.33.108,147\n+SNPING4: 2,180.97.33.108,546", "+SNPING4: 1,8.8.8.8,60000",
         "+SNPING4: x,,"],
    19: ["+CIPPING: 1,\"8.8.8.8\",3,52\n+CIPPING: 2,\"8.8.8.8\",600,255", "+CIPPING: 1,\"8.8.8.8\",-5,52"],
    14: ["AT+CSQ", "at+cops?", "AT+COPS=0", "ATI", "ATE0", "AT&W", "AT", "AT+CSQ;+CPSI?", "AT*PSUTTZ", "AT$QCPDPP"],
}


def small_catalogs():
    commands = json.loads(CATALOG.read_text())["commands"] if CATALOG.exists() else []
    good = json.dumps({"version": 1, "commands": commands[:4]}, indent=1).encode()
    broken = json.dumps({"version": 1, "commands": [{"name": "+CSQ", "syntax": "AT+CSQ", "description": "x",
                                                      "timeout_ms": 0, "models": ["sim7000"]}]}).encode()
    return {"catalog_small": good, "catalog_bad_timeout": broken, "catalog_not_json": b"{\"version\": 1,"}


def make_parsers():
    for selector, replies in PARSER_SEEDS.items():
        for index, reply in enumerate(replies):
            write("parsers", f"p{selector:02d}_{index}", bytes([selector]) + reply.encode("latin-1"))
    for name, content in small_catalogs().items():
        write("parsers", f"p15_{name}", bytes([15]) + content)


# --- channel --------------------------------------------------------------------------------------

def c_string(literal):
    """Decodes the C++ string literal body (between the quotes) used in fuzz_channel.cpp."""
    out = bytearray()
    i = 0
    while i < len(literal):
        c = literal[i]
        if c != "\\":
            out += c.encode("latin-1")
            i += 1
            continue
        nxt = literal[i + 1]
        if nxt == "x":
            m = re.match(r"[0-9a-fA-F]+", literal[i + 2:])
            out.append(int(m.group(0), 16) & 0xFF)
            i += 2 + len(m.group(0))
        elif nxt.isdigit():
            m = re.match(r"[0-7]{1,3}", literal[i + 1:])
            out.append(int(m.group(0), 8))
            i += 1 + len(m.group(0))
        else:
            out += {"r": b"\r", "n": b"\n", "\"": b"\"", "\\": b"\\", "'": b"'"}[nxt]
            i += 2
    return bytes(out)


def channel_tables():
    source = (HERE / "fuzz_channel.cpp").read_text()
    literal = r'"((?:[^"\\]|\\.)*)"sv'

    def block(name):
        return re.search(name + r"\[\] = \{(.*?)\n\};", source, re.S).group(1)

    commands = []
    for entry in re.finditer(r"\{" + literal + r"(?:,\s*(?:" + literal + r"|\{\}))?[^}]*\}", block("kCommands")):
        commands.append((c_string(entry.group(1)), c_string(entry.group(2)) if entry.group(2) else b""))
    fragments = [c_string(m.group(1)) for m in re.finditer(literal, block("kFragments"))]
    return commands, fragments


COMMANDS, FRAGMENTS = channel_tables()

SEND, FRAGMENT, RAW, ECHO, ADVANCE, CANCEL, CANCEL_ALL, DROP, RECONNECT, KILL_CONTEXT, PROMPT_DATA, SHUTDOWN = (
    0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)


class Script:
    """One channel-target input: a header, then actions. chunking 22 means Fixed(8) (22 % 3 == 1,
    1 + 22 // 3 % 8 == 8); line_cap 0 means 4096."""

    def __init__(self, chunking=0, line_cap=0, max_queued=15, auto_answer=False):
        self.fdp = Fdp().u8(chunking).u8(line_cap).u8(max_queued).u8(1 if auto_answer else 0)

    def send(self, command, payload=b"", priority=1, context=0, follow_up=False, timeout=0, small_binary=False):
        index = COMMANDS.index((command, payload))
        flags = priority | (context << 2) | (0x10 if follow_up else 0) | (timeout << 5) | (0x80 if small_binary else 0)
        self.fdp.u8(SEND).u8(index).u8(flags)
        return self

    def modem(self, fragment):
        self.fdp.u8(FRAGMENT).u8(FRAGMENTS.index(fragment))
        return self

    def raw(self, data):
        for pos in range(0, len(data), 255):
            piece = data[pos:pos + 255]
            self.fdp.u8(RAW).u8(len(piece)).data(piece)
        return self

    def op(self, action, argument=None):
        self.fdp.u8(action)
        if argument is not None:
            self.fdp.u8(argument)
        return self

    def answer(self, fragment):
        self.fdp.u8(FRAGMENTS.index(fragment))
        return self

    def prompt_data(self, data):
        self.fdp.u8(PROMPT_DATA).u8(len(data)).data(data)
        return self

    def build(self):
        return self.fdp.build()


OK = b"\r\nOK\r\n"


def channel_scripts():
    s = {}
    s["at_ok"] = Script().send(b"AT").modem(OK)
    s["b6_echo_ati"] = Script().send(b"ATI").op(ECHO).modem(b"\r\nSIM7000G R1529\r\n").modem(OK)
    s["b4_urcs_in_cimi"] = (Script().send(b"AT+CIMI").modem(b"\r\nDST: 1\r\n")
                            .modem(b"\r\n*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0\r\n")
                            .modem(b"\r\n001010123456789\r\n").modem(OK))
    s["b4_cereg_urc_during_read"] = (Script().send(b"AT+CEREG?").modem(b"\r\n+CEREG: 1\r\n")
                                     .modem(b"\r\n+CEREG: 0,1\r\n").modem(OK))
    s["b7_f5_late_reply"] = (Script().send(b"AT+CSQ", timeout=1).op(ADVANCE, 10).modem(b"\r\n+CSQ: 20,0\r\n")
                             .modem(OK).modem(b"\r\n+CMEE: 1\r\n\r\nOK\r\n").send(b"AT").modem(OK))
    s["f1_reboot_in_cpin"] = (Script().send(b"AT+CPIN?").modem(b"\r\nRDY\r\n").modem(b"\r\n+CFUN: 1\r\n")
                              .modem(b"\r\n+CPIN: READY\r\n").modem(b"\r\nSMS Ready\r\n").send(b"AT").modem(OK))
    s["expected_reboot"] = Script().send(b"AT+CFUN=1,1").modem(OK).modem(b"\r\nRDY\r\n").modem(b"\r\n+CFUN: 1\r\n")
    s["casend_prompt"] = (Script().send(b"AT+CASEND=0,5", b"hello").modem(b"\r\n> ").modem(OK)
                          .modem(b"\r\n+CASEND: 0,0,5\r\n"))
    s["casend_console_payload"] = (Script().send(b"AT+CASEND=0,5").modem(b"\r\n> ").prompt_data(b"hello")
                                   .modem(OK))
    s["cipsend_send_ok"] = Script().send(b"AT+CIPSEND", b"abc\x1a").modem(b">").modem(b"\r\nSEND OK\r\n")
    s["cfswfile_download"] = (Script().send(b"AT+CFSWFILE=3,\"c.pem\",0,5,5000", b"hello")
                              .modem(b"\r\nDOWNLOAD\r\n").modem(OK))
    s["b9_carecv"] = Script().send(b"AT+CARECV=0,100").raw(b"\r\n+CARECV: 5,hello\r\nOK\r\n")
    s["b9_carecv_all_bytes"] = (Script().send(b"AT+CARECV=0,100").raw(b"\r\n+CARECV: 256,")
                                .raw(bytes(range(256))).raw(OK))
    s["b9_carecv_too_long"] = (Script().send(b"AT+CARECV=0,100", small_binary=True).raw(b"\r\n+CARECV: 20,")
                               .raw(b"0123456789abcdefghij\r\nOK\r\n").modem(b"\r\n+CMEE: 1\r\n\r\nOK\r\n"))
    s["b9_carecv_short_then_stall"] = (Script().send(b"AT+CARECV=0,100").raw(b"\r\n+CARECV: 10,abc")
                                       .op(ADVANCE, 60).modem(b"\r\n+CMEE: 1\r\n\r\nOK\r\n"))
    s["cfsrfile"] = Script().send(b"AT+CFSRFILE=3,\"c.pem\",0,10240,0").raw(b"\r\n+CFSRFILE: 5\r\nhello\r\nOK\r\n")
    s["f2_drop_with_queue"] = Script().send(b"AT").send(b"ATI").send(b"AT+CSQ", priority=0).op(DROP).send(b"AT")
    s["cancel_queued_and_current"] = (Script().send(b"AT").send(b"ATI").op(CANCEL, 1).op(CANCEL, 0)
                                      .modem(b"\r\n+CMEE: 1\r\n\r\nOK\r\n"))
    s["b1_garbage_burst"] = Script().raw(b"\x00" * 255).raw(bytes(range(0x80, 0x100))).send(b"AT").modem(OK)
    s["b11_numeric"] = Script().send(b"ATV0").modem(OK).send(b"AT").modem(b"0\r").send(b"ATI").modem(b"4\r")
    s["priorities"] = (Script().send(b"AT").send(b"AT+CSQ", priority=0).send(b"ATI", priority=2)
                       .modem(OK).modem(OK).modem(OK))
    s["b8_huge_line"] = Script(line_cap=160).send(b"AT+COPS?").raw(b"A" * 600).raw(b"\r\nOK\r\n").send(b"AT").modem(OK)
    s["context_dies"] = Script().send(b"AT", context=1).op(KILL_CONTEXT, 0).modem(OK).send(b"AT").modem(OK)
    s["follow_up_chain"] = Script().send(b"AT", follow_up=True).modem(OK).modem(OK).modem(OK)
    # With auto-answer, each CR-terminated host write takes one more back byte: the reply.
    s["auto_answer"] = Script(chunking=1, auto_answer=True).send(b"AT").answer(OK).send(b"ATI").answer(OK)
    s["cancel_all_then_shutdown"] = Script().send(b"AT").send(b"ATI").op(CANCEL_ALL).op(SHUTDOWN)
    s["reconnect"] = Script().send(b"AT").op(DROP).op(RECONNECT).send(b"AT").modem(OK)
    s["refused_commands"] = Script().send(b"AT\r\nATI").send(b"at+cmee?").modem(b"\r\n+CMEE: 1\r\n\r\nOK\r\n")
    s["raw_console"] = Script().send(b"AT\r").modem(OK)
    s["multi_command"] = (Script(chunking=22).send(b"AT+CSQ;+CPSI?").modem(b"\r\n+CSQ: 20,0\r\n")
                          .modem(b"\r\n+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,"
                                 b"-8,-84,-60,18\r\n").modem(OK))
    s["chunked_random"] = Script(chunking=2).send(b"ATI").modem(b"\r\nSIM7000G R1529\r\n").modem(OK)
    return s


def make_channel():
    for name, script in channel_scripts().items():
        write("channel", name, script.build())


def channel_reproducers():
    """Inputs that failed against core when they were found; they move to seeds/ once fixed."""
    probe_reply = b"\r\n+CMEE: 1\r\n\r\nOK\r\n"
    return {
        # A raw console write whose reply arrives synchronously (loopback) completes and frees the
        # request inside startCurrent(), which then reads it (heap-use-after-free).
        "raw_sync_reply_use_after_free": Script(auto_answer=True).send(b"AT\r").answer(OK),
        # cancelAll() while a resync runs stops the probe timer and does not restart the resync.
        "cancelall_during_resync_no_timer": Script().send(b"AT+CIMI").op(CANCEL, 0).op(CANCEL_ALL),
        # A command sent from a callback during cancelAll() is dispatched, then a resync starts on
        # top of it; when the resync ends the command is in flight with no timer.
        "cancelall_followup_left_without_timer": (Script().send(b"AT", follow_up=True).op(CANCEL_ALL)
                                                  .modem(OK).modem(probe_reply)),
    }


def main():
    for folder in ("framer", "parsers", "channel"):
        shutil.rmtree(SEEDS / folder, ignore_errors=True)
        (SEEDS / folder).mkdir(parents=True)
    make_framer()
    make_parsers()
    make_channel()
    reproducers = HERE / "reproducers" / "channel"
    shutil.rmtree(reproducers, ignore_errors=True)
    reproducers.mkdir(parents=True)
    for name, script in channel_reproducers().items():
        (reproducers / name).write_bytes(script.build())
    for folder in ("framer", "parsers", "channel"):
        print(f"{folder}: {len(list((SEEDS / folder).iterdir()))} seeds")


if __name__ == "__main__":
    main()
