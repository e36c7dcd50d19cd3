from django.views.generic import DetailView, ListView

from .models import Measure


class MeasureListView(ListView):
    queryset = Measure.objects.for_list()


class MeasureDetailView(DetailView):
    model = Measure
