"""``sila print KIND ... --out FILE.pdf``: every printed document is reachable here."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import CommandContext, print_json
from app.errors import UserError
from app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("print", help=_("print a document to a PDF file"))
    kinds = p.add_subparsers(dest="print_kind", metavar="KIND", required=True, parser_class=type(p))
    sample = kinds.add_parser("sample", help=_("a sample document that shows the print engine"))
    sample.add_argument("--out", required=True, help=_("the PDF file to write"))
    sample.add_argument("--json", action="store_true")
    sample.set_defaults(handler=_sample)
    ack = kinds.add_parser("ack", help=_("the acknowledgement slip of a complaint or request"))
    ack.add_argument("reference", help=_("the item's reference, e.g. C-JED-1447-000123"))
    ack.add_argument("--out", required=True, help=_("the PDF file to write"))
    ack.add_argument("--json", action="store_true")
    ack.set_defaults(handler=_ack)
    form = kinds.add_parser("client-form", help=_("the client create / modify form, filled or blank"))
    form.add_argument("--request", metavar="ID", help=_("a change request's number, e.g. RQ-JED-000012"))
    form.add_argument("--client", metavar="NUMBER",
                      help=_("a client's number: the form with its current data"))
    form.add_argument("--blank", action="store_true", help=_("an empty form to fill in by hand"))
    form.add_argument("--out", required=True, help=_("the PDF file to write"))
    form.add_argument("--json", action="store_true")
    form.set_defaults(handler=_client_form)


def output_path(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".pdf":
        raise UserError("not-pdf", "The output file must end in .pdf.", field="out")
    if not path.parent.is_dir():
        raise UserError("no-such-folder", "The folder {path} does not exist.", path=str(path.parent))
    return path


def _sample(ctx: CommandContext) -> int:
    from app.printing.sample import build_sample_document

    out = output_path(ctx.args.out)
    info = ctx.services.documents.info(_("Sample document"), "DOC-{}-0001".format(
        ctx.services.db.site_code or "HQ"))
    pages = build_sample_document(out, info)
    if ctx.args.json:
        print_json({"path": str(out), "pages": pages})
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _ack(ctx: CommandContext) -> int:
    from app.complaints.slip import build_ack_slip

    out = output_path(ctx.args.out)
    detail = ctx.services.complaints.get(ctx.login(), ctx.args.reference)
    pages = build_ack_slip(out, ctx.services, detail)
    if ctx.args.json:
        print_json({"path": str(out), "pages": pages, "reference": detail.reference})
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _client_form(ctx: CommandContext) -> int:
    from app.clients.form_pdf import blank_form, build_client_form, form_from_client, form_from_request

    args = ctx.args
    if sum(1 for given in (args.request, args.client, args.blank) if given) != 1:
        raise UserError("client-form-source", "Give exactly one of --request, --client or --blank.")
    out = output_path(args.out)
    services = ctx.services
    if args.request:
        form = form_from_request(services, services.client_requests.detail(ctx.login(), args.request))
    elif args.client:
        form = form_from_client(services, services.clients.detail(ctx.login(), args.client))
    else:
        form = blank_form(services)  # no data on it: no login needed
    pages = build_client_form(out, services, form)
    if args.json:
        print_json({"out": str(out), "pages": pages})
    else:
        print(_("Written to {path}.").format(path=out))
    return 0
