"""Reminder e-mails: a delivery state with attempts, the next try and the last error."""

from django.db import migrations, models


def mark_sent(apps, schema_editor):
    apps.get_model("execution", "Reminder").objects.filter(emailed_at__isnull=False).update(email_status="sent")


class Migration(migrations.Migration):
    dependencies = [("execution", "0003_result_title_key")]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="email_status",
            field=models.CharField(
                choices=[
                    ("none", "Không gửi (người nhận chưa có địa chỉ thư)"),
                    ("pending", "Chờ gửi"),
                    ("sent", "Đã gửi"),
                    ("failed", "Gửi lỗi, đã thôi thử lại"),
                ],
                db_index=True,
                default="none",
                max_length=10,
                verbose_name="thư điện tử",
            ),
        ),
        migrations.AddField(
            model_name="reminder",
            name="email_attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="số lần gửi thư"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="email_next_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="lần gửi thư tiếp theo"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="email_error",
            field=models.TextField(blank=True, verbose_name="lỗi gửi thư gần nhất"),
        ),
        migrations.AlterField(
            model_name="reminder",
            name="emailed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="đã gửi thư lúc"),
        ),
        migrations.RunPython(mark_sent, migrations.RunPython.noop),
    ]
