#include "data/gdal_environment.h"

#include <QApplication>
#include <QMainWindow>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    linewatch::GdalEnvironment::initialise();
    QMainWindow w;
    w.show();
    return app.exec();
}
