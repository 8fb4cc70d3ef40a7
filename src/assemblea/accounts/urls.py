from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from assemblea.accounts import views
from assemblea.accounts.lockout import ThrottledAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/forgotten/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_forgotten.html",
            email_template_name="accounts/password_forgotten_email.txt",
            subject_template_name="accounts/password_forgotten_subject.txt",
            success_url=reverse_lazy("accounts:password_forgotten_sent"),
        ),
        name="password_forgotten",
    ),
    path(
        "password/forgotten/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_sent.html"),
        name="password_forgotten_sent",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        views.PasswordSetView.as_view(
            template_name="accounts/password_set.html",
            success_url=reverse_lazy("accounts:password_set_done"),
        ),
        name="password_set",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_set_done.html"
        ),
        name="password_set_done",
    ),
    path("email/confirm/<str:token>/", views.email_verify, name="email_verify"),
    path("email/confirm-again/", views.email_verification_resend, name="email_verification_resend"),
    path("profile/", views.profile, name="profile"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization"),
]
