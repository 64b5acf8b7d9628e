from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("items/", views.item_list, name="item_list"),
    path("items/export.<str:fmt>", views.item_export, name="item_export"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/export.<str:fmt>", views.matrix_export, name="matrix_export"),
    path("charts/", views.charts, name="charts"),
    path("report/", views.report, name="report"),
    path("report/report.docx", views.report_docx, name="report_docx"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:pk>/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
