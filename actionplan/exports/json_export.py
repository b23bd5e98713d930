from actionplan.exports import register
from actionplan.plans.queries import plan_to_draft


@register("json", "json", "application/json")
def write_json(plan, as_at=None) -> bytes:
    return plan_to_draft(plan).to_json().encode()
