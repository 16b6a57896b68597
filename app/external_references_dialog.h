#pragma once

#include "io/external_references.h"
#include "project/layer_request.h"

#include <QDialog>

class QCheckBox;
class QTreeWidget;

namespace linewatch {

/// Asks whether to follow the references a file makes outside its folder or
/// to the network: one row per reference with its kind and reason, "Allow" /
/// "Keep them unread". Shown non-modal (open()), so loading and the map go on
/// while it is up; the main window acts on accepted()/rejected().
class ExternalReferencesDialog : public QDialog
{
    Q_OBJECT

public:
    ExternalReferencesDialog(const LayerRequest &request, const QList<ExternalReference> &references,
                             QWidget *parent = nullptr);

    const LayerRequest &request() const { return mRequest; }
    const QList<ExternalReference> &references() const { return mReferences; }
    /// Hosts of tile servers among the references, to remember across sessions
    /// when the user ticks "remember" (empty otherwise).
    QStringList hostsToRemember() const;

private:
    LayerRequest mRequest;
    QList<ExternalReference> mReferences;
    QTreeWidget *mList;
    QCheckBox *mRememberHosts = nullptr;
};

} // namespace linewatch
