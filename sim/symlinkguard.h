#pragma once

#include <QString>

#include <expected>
#include <memory>

namespace ModemBench::Sim {

// --link PATH: a stable name for the pty (whose number changes every run). The link is created
// atomically (symlink to a temporary name, then rename over an older link) and removed on exit if
// it still points at our pty.
class SymlinkGuard
{
public:
    static std::expected<std::unique_ptr<SymlinkGuard>, QString> create(const QString &target, const QString &path);
    ~SymlinkGuard();

    SymlinkGuard(const SymlinkGuard &) = delete;
    SymlinkGuard &operator=(const SymlinkGuard &) = delete;

private:
    SymlinkGuard(const QString &target, const QString &path);

    QString m_target;
    QString m_path;
};

} // namespace ModemBench::Sim
