"""Engage conversations: the store of digital-channel conversations (lab 12.1 §1: Engage is the
conversation store), written by Connect's Engage nodes through ``public.py``, read in the Customer
Care portal (transcripts) and answered by agents (the reply route)."""
