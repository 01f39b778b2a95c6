// Runs every parser test class in one executable; the exit code is the total number of failures,
// so ctest sees any of them.

#include "testsupport.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int failures = 0;
    failures += runIdentityParserTests(argc, argv);
    failures += runSimRegistrationParserTests(argc, argv);
    failures += runSignalParserTests(argc, argv);
    failures += runErrorParserTests(argc, argv);
    failures += runParserRobustnessTests(argc, argv);
    failures += runTranscriptParserTests(argc, argv);
    return failures;
}
