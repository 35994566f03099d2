#pragma once

// A real nginx (Debian's package, installed by tools/dev.sh) serving the
// HTTP cache protocol over WebDAV, started by a test on a free loopback
// port with a temporary configuration and stopped with it.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

class NginxServer
{
public:
    static QString executable()
    {
        return QStandardPaths::findExecutable(QStringLiteral("nginx"),
                                              {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin"),
                                               QStringLiteral("/usr/bin")});
    }

    // `locationExtra` goes inside the cache's location block (auth,
    // limit_except, limit_rate, return ...).
    explicit NginxServer(const QString &locationExtra = {}) : m_extra(locationExtra) {}
    ~NginxServer() { stop(); }

    bool start()
    {
        if (executable().isEmpty() || !m_dir.isValid())
            return false;
        for (int attempt = 0; attempt < 5; ++attempt) {
            {
                QTcpServer probe; // a free port, released just before nginx takes it
                if (!probe.listen(QHostAddress::LocalHost, 0))
                    return false;
                m_port = probe.serverPort();
            }
            if (!writeConfig())
                return false;
            m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            m_process.start(executable(), {QStringLiteral("-p"), m_dir.path(), QStringLiteral("-c"),
                                           m_dir.filePath(QStringLiteral("nginx.conf"))});
            if (!m_process.waitForStarted(5000))
                return false;
            for (int i = 0; i < 100 && m_process.state() == QProcess::Running; ++i) {
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, m_port);
                if (socket.waitForConnected(100))
                    return true;
                QTest::qWait(20);
            }
            stop(); // the port was taken meanwhile: another one
        }
        return false;
    }

    // The same store served again with other directives (on a new port).
    bool restart(const QString &locationExtra)
    {
        stop();
        m_extra = locationExtra;
        return start();
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    qint64 pid() const { return m_process.processId(); } // one process: master_process off
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/").arg(m_port); }
    QString storePath() const { return m_dir.filePath(QStringLiteral("store")); }
    QStringList files(const QString &folder) const
    {
        return QDir(storePath() + u'/' + folder).entryList(QDir::Files);
    }

private:
    bool writeConfig()
    {
        const QString root = m_dir.path();
        QDir(root).mkpath(QStringLiteral("store"));
        QDir(root).mkpath(QStringLiteral("tmp"));
        const QString config = QStringLiteral(R"(error_log %1/error.log;
pid %1/nginx.pid;
daemon off;
master_process off;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %1/tmp/body;
    proxy_temp_path %1/tmp/proxy;
    fastcgi_temp_path %1/tmp/fastcgi;
    uwsgi_temp_path %1/tmp/uwsgi;
    scgi_temp_path %1/tmp/scgi;
    server {
        listen 127.0.0.1:%2;
        client_max_body_size 64m;
        location / {
            root %1/store;
            dav_methods PUT;
            create_full_put_path on;
            dav_access user:rw;
            %3
        }
    }
}
)")
                                   .arg(root)
                                   .arg(m_port)
                                   .arg(m_extra);
        QFile file(m_dir.filePath(QStringLiteral("nginx.conf")));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(config.toUtf8()) > 0;
    }

    QString m_extra;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
