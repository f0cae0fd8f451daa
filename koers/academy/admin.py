from django.contrib import admin

from koers.academy.models import Evangelist, Module, Track, TrainingSession

admin.site.register([Evangelist, Track, Module, TrainingSession])
