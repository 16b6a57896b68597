#include "external_references_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace linewatch {

ExternalReferencesDialog::ExternalReferencesDialog(const LayerRequest &request,
                                                   const QList<ExternalReference> &references, QWidget *parent)
    : QDialog(parent), mRequest(request), mReferences(references)
{
    setObjectName(QStringLiteral("externalReferencesDialog"));
    setWindowTitle(tr("Follow references outside the file?"));
    auto *layout = new QVBoxLayout(this);
    const QString file = QFileInfo(request.referrer.isEmpty() ? request.path : request.referrer).fileName();
    auto *intro = new QLabel(
        tr("<b>%1</b> refers to files outside its folder or on the network. They are not read unless you "
           "allow it. A file from an untrusted source can use such references to read your files or to tell a "
           "server that you opened it.")
            .arg(file.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    mList = new QTreeWidget(this);
    mList->setObjectName(QStringLiteral("references"));
    mList->setRootIsDecorated(false);
    mList->setHeaderLabels({tr("Reference"), tr("Kind"), tr("Reason"), tr("In file")});
    QStringList hosts;
    for (const ExternalReference &r : references) {
        auto *item = new QTreeWidgetItem(mList, {r.target, r.kindName(), r.reason, QFileInfo(r.referrer).fileName()});
        item->setToolTip(0, r.target);
        if (r.kind == ExternalReference::Kind::Network && r.reason == QLatin1String("tile server") && !r.host.isEmpty()
            && !hosts.contains(r.host))
            hosts << r.host;
    }
    mList->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    layout->addWidget(mList);

    if (!hosts.isEmpty()) {
        mRememberHosts = new QCheckBox(tr("Always allow the tile server(s) %1").arg(hosts.join(QStringLiteral(", "))), this);
        mRememberHosts->setObjectName(QStringLiteral("rememberHosts"));
        layout->addWidget(mRememberHosts);
    }

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *allow = buttons->addButton(tr("Allow"), QDialogButtonBox::AcceptRole);
    allow->setObjectName(QStringLiteral("allow"));
    QPushButton *refuse = buttons->addButton(tr("Keep them unread"), QDialogButtonBox::RejectRole);
    refuse->setObjectName(QStringLiteral("refuse"));
    refuse->setDefault(true); // the safe choice on Enter
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 320);
}

QStringList ExternalReferencesDialog::hostsToRemember() const
{
    if (!mRememberHosts || !mRememberHosts->isChecked())
        return {};
    QStringList hosts;
    for (const ExternalReference &r : mReferences)
        if (r.kind == ExternalReference::Kind::Network && r.reason == QLatin1String("tile server") && !r.host.isEmpty()
            && !hosts.contains(r.host))
            hosts << r.host;
    return hosts;
}

} // namespace linewatch
