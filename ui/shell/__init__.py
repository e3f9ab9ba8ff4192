"""The application shell: the main window, its navigation, status bar and crash dialog."""
