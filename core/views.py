"""Views every public page builds on."""

from django.http import Http404
from django.views.generic import DetailView


class FriendlyDetailView(DetailView):
    """A detail view whose 404 says, in words, what was not found."""

    not_found_message = "There is nothing at this address."

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            raise Http404(self.not_found_message) from None
