"""Modal dialogs: each a typed ModalScreen that returns its answer with dismiss()."""
