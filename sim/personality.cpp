#include "personality.h"

#include "sim7000g.h"

namespace ModemBench::Sim {

QStringList supportedModels()
{
    return {QStringLiteral("sim7000g")};
}

std::unique_ptr<Personality> createPersonality(const QString &model)
{
    if (model == QLatin1String("sim7000g"))
        return std::make_unique<Sim7000g>();
    return nullptr;
}

} // namespace ModemBench::Sim
