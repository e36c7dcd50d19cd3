from django.views.generic import DetailView, ListView

from .models import Company, Government


class CompanyListView(ListView):
    model = Company


class CompanyDetailView(DetailView):
    model = Company


class GovernmentListView(ListView):
    model = Government


class GovernmentDetailView(DetailView):
    model = Government
