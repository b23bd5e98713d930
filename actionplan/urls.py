from django.urls import include, path

urlpatterns = [
    path("", include("actionplan.web.urls")),
]
