"""
``/screen/``: a reader pastes or uploads up to 1,000 names or identifiers and sees, for
each, its matches with the reasons and the measures that apply; "Download CSV" gives
the same rows as a file. ``POST /api/screen/`` answers the same in JSON.

The one public form that POSTs (``core.middleware`` lets these two addresses
through). Nothing screened is stored or logged: an uploaded file is read into
memory, never to disk, and refused once it passes the size limit.
"""

import io

from django import forms
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ..search import engine
from ..search.screening import (
    MAX_BYTES,
    MAX_LINE_LENGTH,
    MAX_LINES,
    ScreeningError,
    as_json,
    csv_text,
    lines_from_csv,
    lines_from_text,
    screen,
)

MIN_THRESHOLD = 0.3


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps an upload in memory (never a temporary file) and stops it past ``MAX_BYTES``."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer, self.too_big = io.BytesIO(), False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_BYTES:
            self.too_big = True
            self.request.screening_upload_too_big = True
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.too_big:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer, self.field_name, self.file_name, self.content_type, file_size, None
        )


class ScreenForm(forms.Form):
    names = forms.CharField(
        label="Names or identifiers, one a line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=f"Up to {MAX_LINES} lines: company names in any spelling, or identifiers "
        "(USCC, ISIN, LEI, ticker, list ids).",
    )
    file = forms.FileField(
        label="Or a CSV file with a “name” column",
        required=False,
        help_text=f"Up to {MAX_BYTES // 1024} KB; without a “name” column, the first column.",
    )
    threshold = forms.DecimalField(
        label="Lowest score shown as a match",
        min_value=MIN_THRESHOLD,
        max_value=1,
        decimal_places=2,
        initial=engine.DEFAULT_THRESHOLD,
        required=False,
        help_text="1.00 = exact only; lower finds more near spellings (and more false matches).",
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "upload_too_big", False):
            raise forms.ValidationError(
                f"The file is larger than {MAX_BYTES // 1024} KB: screen it in parts of up to "
                f"{MAX_LINES} rows."
            )
        upload = cleaned.get("file")
        try:
            if upload:
                cleaned["lines"] = lines_from_csv(upload.read(), upload.name)
            else:
                cleaned["lines"] = lines_from_text(cleaned.get("names") or "")
        except ScreeningError as exc:
            raise forms.ValidationError(str(exc)) from None
        if not cleaned["lines"] and not self.errors:
            raise forms.ValidationError("Paste at least one name, or choose a CSV file.")
        return cleaned


@method_decorator(csrf_exempt, name="dispatch")  # CSRF is checked below, after the upload limit
class ScreenView(View):
    """``/screen/``: the form (GET), and its results or CSV (POST)."""

    template_name = "measures/screen.html"

    def dispatch(self, request, *args, **kwargs):
        request.upload_handlers = [BoundedMemoryUploadHandler(request)]
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get(self, request):
        return self.page(ScreenForm(initial={"threshold": engine.DEFAULT_THRESHOLD}))

    def post(self, request):
        form = ScreenForm(request.POST, request.FILES)
        form.upload_too_big = getattr(request, "screening_upload_too_big", False)
        if not form.is_valid():
            return self.page(form, status=400)
        threshold = float(form.cleaned_data["threshold"] or engine.DEFAULT_THRESHOLD)
        result = screen(form.cleaned_data["lines"], threshold)
        if request.POST.get("download") == "csv":
            response = HttpResponse(
                csv_text(result, request.build_absolute_uri), content_type="text/csv"
            )
            response["Content-Disposition"] = 'attachment; filename="screening.csv"'
            response["Cache-Control"] = "no-store"
            return response
        return self.page(form, result=result)

    def page(self, form, result=None, status=200):
        response = render(
            self.request,
            self.template_name,
            {
                "form": form,
                "result": result,
                "max_lines": MAX_LINES,
                "max_kb": MAX_BYTES // 1024,
                "max_line_length": MAX_LINE_LENGTH,
            },
            status=status,
        )
        response["Cache-Control"] = "no-store"
        return response


class ScreenRequestSerializer(serializers.Serializer):
    names = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=True),
        max_length=MAX_LINES,
        help_text=f"Names or identifiers to screen, at most {MAX_LINES}.",
    )
    threshold = serializers.FloatField(
        min_value=MIN_THRESHOLD, max_value=1, default=engine.DEFAULT_THRESHOLD
    )


class ScreenAPIView(APIView):
    """``POST /api/screen/`` ``{"names": [...], "threshold": 0.6}``: each name's matches,
    with what matched and how, and the measures that apply. Nothing is stored or logged."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=ScreenRequestSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 413: OpenApiTypes.OBJECT},
        summary="Screen up to 1,000 names or identifiers",
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BYTES:
            return Response({"detail": f"At most {MAX_BYTES // 1024} KB a request."}, status=413)
        serializer = ScreenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        names = [name for name in serializer.validated_data["names"] if name.strip()]
        result = screen(names, serializer.validated_data["threshold"])
        response = Response(as_json(result, request.build_absolute_uri))
        response["Cache-Control"] = "no-store"
        return response
