using System.CommandLine;
using Microfactory.Cli.Api;
using Microfactory.Cli.Output;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary><c>mf orders submit|list|show|why|cancel</c>.</summary>
public static class OrderCommands
{
    public static Command Create(GlobalOptions globals, CliIO io, TimeProvider time)
    {
        var orders = new Command("orders", "Submit orders and follow them: where they are and why they went there");
        orders.Subcommands.Add(Submit(globals, io, time));
        orders.Subcommands.Add(List(globals, io));
        orders.Subcommands.Add(ShowOrder(globals, io));
        orders.Subcommands.Add(Why(globals, io));
        orders.Subcommands.Add(Cancel(globals, io));
        return orders;
    }

    private static Argument<string> OrderId() => new("order-id") { Description = "The order's id (ord-...)" };

    private static Command Submit(GlobalOptions globals, CliIO io, TimeProvider time)
    {
        var product = new Option<string>("--product") { Description = "Product to make, for example bracket", Required = true };
        var version = new Option<string?>("--version") { Description = "Design version (default: the network's current version)" };
        var quantity = new Option<int>("--quantity", "-n") { Description = "Parts to make", Required = true };
        var due = new Option<DateTimeOffset>("--due")
        {
            Description = "Due date: 2026-12-24T12:00Z, or a time from now such as 36h or 3d",
            Required = true,
            CustomParser = r => TimeArgument.Parse(r, time),
        };
        var city = new Option<string>("--city") { Description = "Delivery city id", Required = true };
        var priority = new Option<string?>("--priority") { Description = "Low, Normal (default), High or Urgent" };
        priority.AcceptOnlyFromAmong("Low", "Normal", "High", "Urgent");
        var key = new Option<string?>("--idempotency-key")
        {
            Description = "Key that makes a retry safe: the same key returns the same order (default: a new one, printed so you can retry with it)",
        };
        var command = new Command("submit", "Submit an order (safe to retry with the printed --idempotency-key)")
        {
            product, version, quantity, due, city, priority, key,
        };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var idempotencyKey = context.Value(key) ?? "mf-" + Guid.NewGuid().ToString("N");
            var dueAt = context.Value(due);
            context.Note($"Idempotency-Key: {idempotencyKey}. To retry without submitting twice, repeat the command with --idempotency-key {idempotencyKey} --due {dueAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
            var body = new
            {
                product = context.Value(product),
                designVersion = context.Value(version),
                quantity = context.Value(quantity),
                dueAt,
                deliveryCityId = context.Value(city),
                priority = context.Value(priority),
            };
            var response = await context.Api.PostAsync("/api/orders", body, ct, idempotencyKey);
            if (response.Status == System.Net.HttpStatusCode.OK)
            {
                context.Note("An order was already submitted under this key: nothing new was submitted, here it is.");
            }

            if (!context.PrintedJson(response))
            {
                Render(context.Console, response.Read<Order>(), history: false);
            }

            return ExitCodes.Ok;
        });
    }

    private static Command List(GlobalOptions globals, CliIO io)
    {
        var status = new Option<string?>("--status") { Description = "Only orders in this status (Received, Routed, ..., Completed, Failed, Cancelled, Unroutable)" };
        var site = new Option<string?>("--site") { Description = "Only orders at this site" };
        var city = new Option<string?>("--city") { Description = "Only orders at sites in this city" };
        var delivery = new Option<string?>("--delivery-city") { Description = "Only orders delivered to this city" };
        var after = new Option<string?>("--after") { Description = "Continue after this order id (the cursor printed at the end of a page)" };
        var limit = new Option<int?>("--limit") { Description = "Orders per page, 1 to 1000 (default 100)" };
        var command = new Command("list", "List orders in id order, a page at a time") { status, site, city, delivery, after, limit };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var query = QueryString.From(("status", context.Value(status)), ("site", context.Value(site)), ("city", context.Value(city)),
                ("deliveryCity", context.Value(delivery)), ("after", context.Value(after)), ("limit", context.Value(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var response = await context.Api.GetAsync("/api/orders" + query, ct);
            if (context.PrintedJson(response))
            {
                return ExitCodes.Ok;
            }

            var page = response.Read<OrderPage>();
            var table = Show.Table("Order", "Status", "Design", "Qty", "Deliver to", "Site / cell", "Due");
            foreach (var o in page.Orders)
            {
                table.AddRow(Show.Text(o.Id), Show.State(o.Status), Show.Text(o.Design), o.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Show.Text(o.DeliveryCityId), Show.Text(o.SiteId is null ? null : $"{o.SiteId}/{o.CellId}"), Show.Time(o.DueAt));
            }

            context.Console.Write(table);
            context.Console.MarkupLine(page.Next is { } next
                ? $"{page.Orders.Count} orders; more: [bold]mf orders list --after {Markup.Escape(next)}[/]"
                : $"{page.Orders.Count} orders");
            return ExitCodes.Ok;
        });
    }

    private static Command ShowOrder(GlobalOptions globals, CliIO io)
    {
        var id = OrderId();
        var command = new Command("show", "An order: where it is and its timestamped history") { id };
        return command.Runs(globals, io, async (context, ct) =>
        {
            return await context.PrintAsync<Order>(context.Api.GetAsync($"/api/orders/{Uri.EscapeDataString(context.Value(id))}", ct),
                answer => Render(context.Console, answer, history: true));
        });
    }

    private static Command Why(GlobalOptions globals, CliIO io)
    {
        var id = OrderId();
        var command = new Command("why", "Why an order went where it went: candidates, score components, rejections") { id };
        return command.Runs(globals, io, async (context, ct) =>
        {
            return await context.PrintAsync<RoutingExplanation>(context.Api.GetAsync($"/api/orders/{Uri.EscapeDataString(context.Value(id))}/routing", ct),
                answer => RoutingView.Render(context.Console, answer));
        });
    }

    private static Command Cancel(GlobalOptions globals, CliIO io)
    {
        var id = OrderId();
        var reason = new Option<string?>("--reason") { Description = "Why (kept in the order's history)" };
        var command = new Command("cancel", "Cancel an order that is not finished") { id, reason };
        return command.Runs(globals, io, async (context, ct) =>
        {
            return await context.PrintAsync<Order>(context.Api.PostAsync($"/api/orders/{Uri.EscapeDataString(context.Value(id))}/cancel", new { reason = context.Value(reason) }, ct),
                answer => Render(context.Console, answer, history: false));
        });
    }

    public static void Render(IAnsiConsole console, Order order, bool history)
    {
        var spec = order.Spec;
        console.Write(Show.Facts(
            ("Order", Show.Text(order.Id)),
            ("Status", Show.State(order.Status)),
            ("Design", Show.Text($"{spec.Product}@{spec.DesignVersion}")),
            ("Quantity", $"{spec.Quantity} ({order.Good} good, {order.Scrap} scrap)"),
            ("Deliver to", Show.Text(spec.DeliveryCityId)),
            ("Due", Show.Time(spec.DueAt)),
            ("Priority", Show.Text(spec.Priority)),
            ("At", order.Assignment is { } a ? Show.Text($"{a.SiteId}/{a.CellId} (job {a.JobId})") : "-"),
            ("Attempts", order.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (!history)
        {
            return;
        }

        var table = Show.Table("When", "Status", "Why");
        foreach (var step in order.History)
        {
            table.AddRow(Show.Time(step.At), Show.State(step.Status), Show.Text(step.Reason));
        }

        console.Write(table);
    }
}
