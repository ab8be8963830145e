from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0003_chain_head"),
        ("eforms", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="form_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dossiers",
                to="eforms.formversion",
                verbose_name="phiên bản tờ khai",
            ),
        ),
    ]
