"""JSON for sources and their quotes in the API."""

from rest_framework import serializers

from core.partial_dates import PartialDateSerializerField

from .models import Quote, Source


class QuoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quote
        fields = ["position", "speaker", "speaker_role", "text"]


class SourceSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:source-detail", lookup_field="slug"
    )
    published = PartialDateSerializerField("published_on", allow_null=True)
    quotes = QuoteSerializer(many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "publisher",
            "author",
            "title",
            "published",
            "url",
            "excerpt",
            "quotes",
            "api_url",
        ]
        extra_kwargs = {"url": {"help_text": "Where the source is published, if known."}}


class SourceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "publisher", "title", "url"]
