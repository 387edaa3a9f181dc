"""The brief in the app: its window, printing and PDF."""
