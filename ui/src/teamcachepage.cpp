#include "ui/teamcachepage.h"

#include <remotecache/remotecacheprobe.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Prometeu {

TeamCachePage::TeamCachePage(const UserSettings &settings, const RemoteCacheSection &project,
                             std::optional<RemoteCacheConfig> inEffect, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_project(project)
    , m_choice(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_read(new QCheckBox(tr("Download conversions other machines made"), this))
    , m_write(new QCheckBox(tr("Upload this machine's conversions"), this))
    , m_timeout(new QSpinBox(this))
    , m_minSize(new QSpinBox(this))
    , m_test(new QPushButton(tr("Test Connection"), this))
    , m_testResult(new QLabel(this))
    , m_probe(new RemoteCacheProbe(this))
{
    setObjectName(u"teamCachePage"_s);
    auto *intro = new QLabel(tr("A team cache lets every teammate and CI runner reuse the assets one of them "
                                "already converted. It is an HTTP cache your team runs: nginx with WebDAV, "
                                "bazel-remote, or a proxy in front of S3."),
                             this);
    intro->setWordWrap(true);

    m_choice->setObjectName(u"teamCacheChoice"_s);
    m_choice->addItem(project.present && !project.url.isEmpty()
                          ? tr("Use the project's team cache (%1)").arg(QUrl(project.url).toDisplayString(QUrl::RemoveUserInfo))
                          : tr("Use the project's team cache (prometeu.json names none)"),
                      FollowProject);
    m_choice->addItem(tr("Use this team cache:"), UseThis);
    m_choice->addItem(tr("Use no team cache"), UseNone);
    m_url->setObjectName(u"teamCacheUrl"_s);
    m_url->setPlaceholderText(u"http://cache.example.lan:8080/prometeu/"_s);
    m_url->setClearButtonEnabled(true);
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("How long one request may take before the build converts the asset itself"));
    m_minSize->setObjectName(u"teamCacheMinSize"_s);
    m_minSize->setRange(0, 1024 * 1024);
    m_minSize->setSuffix(tr(" KiB"));
    m_minSize->setToolTip(tr("Smaller assets are converted on every machine and never shared: converting them "
                             "costs less than fetching them. 0 shares everything."));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const QString token = qEnvironmentVariableIsSet("PROMETEU_REMOTE_CACHE_TOKEN")
        ? tr("A token is set in PROMETEU_REMOTE_CACHE_TOKEN and is sent as a bearer token.")
        : tr("No token: set PROMETEU_REMOTE_CACHE_TOKEN before starting the Studio, or put a user name and "
             "password in the address (http://user:password@host/).");
    auto *tokenLabel = new QLabel(token, this);
    tokenLabel->setWordWrap(true);
    auto *effect = new QLabel(this);
    effect->setObjectName(u"teamCacheInEffect"_s);
    effect->setWordWrap(true);
    effect->setText(inEffect ? tr("This project now builds with %1 (from %2).")
                                   .arg(inEffect->displayUrl(), QDir::toNativeSeparators(inEffect->origin))
                             : tr("This project now builds with this machine's cache only."));
    auto *where = new QLabel(tr("Saved in %1, which the prometeu command reads too.")
                                 .arg(QDir::toNativeSeparators(settings.path())),
                             this);
    where->setWordWrap(true);
    where->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(m_choice, m_url);
    form->addRow(QString(), m_read);
    form->addRow(QString(), m_write);
    form->addRow(tr("Request timeout:"), m_timeout);
    form->addRow(tr("Share assets of at least:"), m_minSize);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_testResult, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(testRow);
    layout->addWidget(tokenLabel);
    layout->addWidget(effect);
    layout->addStretch(1);
    layout->addWidget(where);

    connect(m_choice, &QComboBox::currentIndexChanged, this, &TeamCachePage::updateEnabled);
    connect(m_test, &QPushButton::clicked, this, &TeamCachePage::testConnection);
    connect(m_probe, &RemoteCacheProbe::finished, this, [this](bool ok, const QString &sentence) {
        m_test->setEnabled(true);
        m_testResult->setText((ok ? u"✔ "_s : u"✘ "_s) + sentence);
    });
    load();
}

void TeamCachePage::load()
{
    QString error;
    const auto file = m_settings.load(&error);
    const QJsonObject mine = file ? file->value(u"remote_cache"_s).toObject() : QJsonObject();
    Choice choice = FollowProject;
    if (mine.contains(u"url"_s))
        choice = mine.value(u"url"_s).toString().isEmpty() ? UseNone : UseThis;
    m_choice->setCurrentIndex(m_choice->findData(choice));
    m_url->setText(mine.value(u"url"_s).toString(choice == FollowProject ? m_project.url : QString()));
    m_read->setChecked(mine.value(u"read"_s).toBool(m_project.read));
    m_write->setChecked(mine.value(u"write"_s).toBool(m_project.write));
    m_timeout->setValue(mine.value(u"timeout_ms"_s).toInt(m_project.timeoutMs) / 1000);
    m_minSize->setValue(int(mine.value(u"min_size"_s).toInteger(m_project.minSize) / 1024));
    if (!file)
        m_testResult->setText(error);
    updateEnabled();
}

void TeamCachePage::updateEnabled()
{
    const auto choice = Choice(m_choice->currentData().toInt());
    m_url->setEnabled(choice == UseThis);
    m_read->setEnabled(choice != UseNone);
    m_write->setEnabled(choice != UseNone);
    m_timeout->setEnabled(choice != UseNone);
    m_minSize->setEnabled(choice != UseNone);
    m_test->setEnabled(choice != UseNone);
}

QJsonObject TeamCachePage::switchesFromFields() const
{
    return QJsonObject{{u"read"_s, m_read->isChecked()},
                       {u"write"_s, m_write->isChecked()},
                       {u"timeout_ms"_s, m_timeout->value() * 1000},
                       {u"min_size"_s, qint64(m_minSize->value()) * 1024}};
}

std::optional<RemoteCacheConfig> TeamCachePage::configFromFields(QString *problem) const
{
    RemoteCacheSources sources;
    sources.commandLineUrl = m_choice->currentData().toInt() == UseThis ? m_url->text() : m_project.url;
    sources.token = qgetenv("PROMETEU_REMOTE_CACHE_TOKEN").trimmed();
    sources.user = switchesFromFields();
    return sources.resolve(problem);
}

void TeamCachePage::testConnection()
{
    QString problem;
    const auto config = configFromFields(&problem);
    if (!config) {
        m_testResult->setText(problem.isEmpty() ? tr("No address to test.") : problem);
        return;
    }
    m_test->setEnabled(false);
    m_testResult->setText(tr("Asking %1...").arg(config->displayUrl()));
    m_probe->probe(*config);
}

bool TeamCachePage::save(QString *error)
{
    const auto choice = Choice(m_choice->currentData().toInt());
    QJsonValue value; // FollowProject: the key goes, prometeu.json decides
    if (choice == UseNone) {
        value = QJsonObject{{u"url"_s, QString()}};
    } else if (choice == UseThis) {
        QString problem;
        if (!configFromFields(&problem)) {
            *error = problem.isEmpty() ? tr("Enter the team cache's address, or choose another option.") : problem;
            return false;
        }
        QJsonObject mine = switchesFromFields();
        mine.insert(u"url"_s, m_url->text().trimmed());
        value = mine;
    } else if (m_read->isChecked() != m_project.read || m_write->isChecked() != m_project.write
               || m_timeout->value() * 1000 != m_project.timeoutMs
               || qint64(m_minSize->value()) * 1024 != m_project.minSize) {
        // The project's server, with this user's switches (e.g. no uploads from a laptop).
        value = switchesFromFields();
    } else {
        value = QJsonValue(QJsonValue::Undefined);
    }
    return m_settings.save(u"remote_cache"_s, value, error);
}

} // namespace Prometeu
