"""kzturk: dated, sourced claims about Kazakhstan–Turkey relations."""

__version__ = "0.1.0"
