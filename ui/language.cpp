#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace resdense::ui {

namespace {

const QString settingsKey = QStringLiteral("ui/language");

QTranslator* g_qt = nullptr;   // Qt's own strings (dialog buttons, About Qt)
QTranslator* g_ours = nullptr; // the workbench's
QString g_active = QStringLiteral("en");

void drop(QTranslator*& translator)
{
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
    translator = nullptr;
}

} // namespace

QStringList languageChoices()
{
    return {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString languageSetting()
{
    const QString stored = QSettings().value(settingsKey).toString();
    return languageChoices().contains(stored) ? stored : QStringLiteral("system");
}

void setLanguageSetting(const QString& language)
{
    QSettings().setValue(settingsKey, language);
}

QLocale localeFor(const QString& language)
{
    if (language == QLatin1String("en"))
        return QLocale(QLocale::English, QLocale::UnitedStates);
    if (language == QLatin1String("zh_CN"))
        return QLocale(QLocale::Chinese, QLocale::SimplifiedHanScript, QLocale::China);
    return QLocale::system();
}

bool installTranslations(const QString& language)
{
    removeTranslations();
    const QLocale locale = localeFor(language);
    if (language != QLatin1String("system"))
        QLocale::setDefault(locale);
    // English is the source language: no translator, and none of Qt's either (a German system
    // with English chosen gets English dialog buttons).
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return true;

    auto* qt = new QTranslator;
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        g_qt = qt;
    } else {
        delete qt;
    }
    auto* ours = new QTranslator;
    if (!ours->load(locale, QStringLiteral("resdense"), QStringLiteral("_"),
                    QStringLiteral(":/i18n"))) {
        delete ours;
        return false;
    }
    QCoreApplication::installTranslator(ours);
    g_ours = ours;
    g_active = ours->language().replace(QLatin1Char('-'), QLatin1Char('_'));
    return true;
}

void removeTranslations()
{
    drop(g_ours);
    drop(g_qt);
    g_active = QStringLiteral("en");
    QLocale::setDefault(QLocale::system());
}

QString effectiveLanguage(const QString& language)
{
    const QLocale locale = localeFor(language);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return QStringLiteral("en");
    QTranslator probe;
    if (!probe.load(locale, QStringLiteral("resdense"), QStringLiteral("_"),
                    QStringLiteral(":/i18n")))
        return QStringLiteral("en");
    return probe.language().replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString activeLanguage()
{
    return g_active;
}

} // namespace resdense::ui
