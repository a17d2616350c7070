#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

// The workbench's language: English (the source) or a translation compiled from
// resources/translations/*.ts and embedded under :/i18n. The choice (View → Language) is kept in
// the settings and applies at the next start, which the menu offers at once.
namespace resdense::ui {

// The settings values: "system" (the default: follow the locale), "en", "zh_CN".
QStringList languageChoices();
// The stored choice ("system" when none or an unknown one is stored).
QString languageSetting();
void setLanguageSetting(const QString& language);

// The locale a choice stands for: the system's for "system", else the language's own.
QLocale localeFor(const QString& language);

// Installs the translators for a choice: Qt's own strings (qtbase, from Qt's translations folder)
// and the workbench's (embedded), and makes its locale the default one, so numbers read as the
// language writes them. Replaces whatever an earlier call installed. True when the workbench's
// translation was found (always true for English, which needs none).
bool installTranslations(const QString& language);
// Undoes installTranslations (tests): English strings, the system's locale.
void removeTranslations();
// The language a choice would show: "en" or the translation it finds ("zh_CN").
QString effectiveLanguage(const QString& language);
// The language the window shows now: "en" or the translation installed ("zh_CN").
QString activeLanguage();

} // namespace resdense::ui
