"""The opportunity pipeline: the board, the list, the opportunity form and donor interests."""
