#include "personality.h"

#include "sim7000g.h"
#include "sim7080g.h"
#include "sim800.h"

namespace ModemBench::Sim {

QStringList supportedModels()
{
    return {QStringLiteral("sim7000g"), QStringLiteral("sim7080g"), QStringLiteral("sim800l"),
            QStringLiteral("sim800l-r13")};
}

std::unique_ptr<Personality> createPersonality(const QString &model)
{
    if (model == QLatin1String("sim7000g"))
        return std::make_unique<Sim7000g>();
    if (model == QLatin1String("sim7080g"))
        return std::make_unique<Sim7080g>();
    if (model == QLatin1String("sim800l"))
        return std::make_unique<Sim800>(Sim800::Firmware::R1418);
    if (model == QLatin1String("sim800l-r13"))
        return std::make_unique<Sim800>(Sim800::Firmware::R1308);
    return nullptr;
}

} // namespace ModemBench::Sim
