from actionplan.exports import register
from actionplan.plans.asat import plan_as_at


@register("json", "json", "application/json")
def write_json(plan, as_at=None) -> bytes:
    return plan_as_at(plan, as_at).to_json().encode()
