"""Membership and AdminEvent now belong to plans (plans/0002): accounts forgets them, the tables
stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('plans', '0002_roles_and_admin_log_in_plans'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AdminEvent'),
                migrations.DeleteModel(name='Membership'),
            ],
            database_operations=[],
        ),
    ]
