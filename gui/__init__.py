"""The PySide6 desktop app: views over the core, driven from a QTimer in small slices."""
