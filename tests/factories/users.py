import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cicte.roles import PROGRAM_OFFICERS, SECRETARIAT_EDITORS


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff account with no group: it may sign in to the admin and do nothing there."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True


class EditorFactory(StaffUserFactory):
    """A member of the Secretariat editors group (created by migration cicte 0002)."""

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=SECRETARIAT_EDITORS))


class ProgramOfficerFactory(StaffUserFactory):
    """A member of the Program officers group; pass programs=[…] to assign them."""

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=PROGRAM_OFFICERS))

    @factory.post_generation
    def programs(self, create, extracted, **kwargs):
        if create and extracted:
            self.assigned_programs.set(extracted)
