"""Membership and AdminEvent move from accounts to plans (roles are the domain's rule, read by
plans.access). Their tables stay as they are (accounts_membership, accounts_adminevent): only
Django's record of which app owns them changes. ChangeEvent.kind gets its list of choices."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0001_initial'),
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AdminEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('actor_name', models.CharField(blank=True, max_length=200)),
                        ('kind', models.CharField(max_length=40)),
                        ('subject_name', models.CharField(blank=True, max_length=200)),
                        ('plan_ref', models.BigIntegerField(blank=True, db_index=True, null=True)),
                        ('plan_title', models.CharField(blank=True, max_length=500)),
                        ('old', models.JSONField(blank=True, null=True)),
                        ('new', models.JSONField(blank=True, null=True)),
                        ('reason', models.TextField(blank=True)),
                        ('subject', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_adminevent',
                        'ordering': ['-at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('admin', 'Administrator'), ('manager', 'Plan manager'), ('lead', 'Lead officer'), ('viewer', 'Viewer')], max_length=10)),
                        ('granted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('granted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='plans.plan')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_membership',
                        'ordering': ['user', 'plan', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'plan'), name='one_role_per_plan'), models.UniqueConstraint(condition=models.Q(('plan__isnull', True)), fields=('user',), name='one_role_on_every_plan')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name='changeevent',
            name='kind',
            field=models.CharField(choices=[('created', 'Created'), ('changed', 'Changed'), ('note', 'Progress note'), ('archived', 'Archived'), ('restored', 'Restored'), ('deleted', 'Deleted'), ('completed', 'Completed'), ('signed_off', 'Signed off'), ('reopened', 'Reopened'), ('cycle_added', 'Cycle added'), ('cycle_removed', 'Cycle removed')], max_length=40),
        ),
    ]
