from django.urls import URLPattern

app_name = "budgets"

urlpatterns: list[URLPattern] = []
