from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "localgov.access"
    label = "access"
    verbose_name = "Phân quyền"

    def ready(self) -> None:
        # app registry: imported in ready(), once every app's models are loaded
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.core import checks

        from localgov.access import lockout
        from localgov.access.client import check_proxy_setting

        checks.register(check_proxy_setting)

        user_login_failed.connect(lockout.on_login_failed, dispatch_uid="localgov.access.lockout.failed")
        user_logged_in.connect(lockout.on_logged_in, dispatch_uid="localgov.access.lockout.logged_in")
