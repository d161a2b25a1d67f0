"""The agenda's forms: public.py for residents' pages, staff.py for the staff's."""
