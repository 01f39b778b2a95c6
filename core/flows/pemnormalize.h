#pragma once

// PEM clean-up before a CFS upload (issue #6; protocol §9, §7.1: convert parses PEM, DER or P7B).

#include "core/error.h"

namespace ModemBench {

// Returns the PEM blocks of `pem` in a form every firmware parses: LF line endings (CRLF and CR
// converted), no trailing spaces or tabs, text outside the -----BEGIN/-----END blocks dropped (e.g.
// openssl's "subject=" lines), exactly one newline at the end. When every block is a CERTIFICATE
// and they form one issuer chain, they are reordered leaf first, then each issuer (a bundle of
// unrelated roots keeps its order). Fails with Usage for binary input (DER: convert it with
// `openssl x509 -inform der`), no PEM block, or a BEGIN without its END.
Result<QByteArray> normalizePem(const QByteArray &pem);

// Each "-----BEGIN CERTIFICATE-----" … "-----END CERTIFICATE-----" block of `pem`, with a final
// newline; other blocks and text between them are skipped, a BEGIN without its END ends the list.
QList<QByteArray> pemCertificateBlocks(const QByteArray &pem);

} // namespace ModemBench
