using System.CommandLine;
using Microfactory.Cli.Api;
using Microfactory.Cli.Output;

namespace Microfactory.Cli.Commands;

/// <summary><c>mf plan rebalance [--apply]</c>, <c>mf plan show|apply</c>.</summary>
public static class PlanCommands
{
    public static Command Create(GlobalOptions globals, CliIO io)
    {
        var plan = new Command("plan", "Rebalance queued work between sites");
        plan.Subcommands.Add(Rebalance(globals, io));
        plan.Subcommands.Add(ShowPlan(globals, io));
        plan.Subcommands.Add(Apply(globals, io));
        return plan;
    }

    private static Command Rebalance(GlobalOptions globals, CliIO io)
    {
        var rules = new PlanningRules();
        var cities = new Option<string[]>("--city") { Description = "Only these cities (repeat the option for more)", AllowMultipleArgumentsPerToken = true };
        var apply = new Option<bool>("--apply") { Description = "Apply the plan at once (default: a dry run that only plans)" };
        var command = new Command("rebalance", "Plan moves of queued orders from overloaded sites to sites with spare capacity; a dry run unless --apply")
        {
            cities, apply,
        };
        rules.AddTo(command);
        return command.Runs(globals, io, async (context, ct) =>
        {
            var scope = context.Value(cities) is { Length: > 0 } given ? given : null;
            var body = new
            {
                cityIds = scope,
                band = rules.Band(context),
                maxTransferKm = context.Value(rules.MaxKm),
                mayRiskDueDates = rules.RiskDueDates(context),
                dryRun = !context.Value(apply),
            };
            return await context.PrintAsync<StoredPlan>(context.Api.PostAsync("/api/plans/rebalance", body, ct),
                answer => PlanView.Render(context.Console, answer));
        });
    }

    private static Command ShowPlan(GlobalOptions globals, CliIO io)
    {
        var id = new Argument<string>("plan-id") { Description = "The plan's id (plan-...)" };
        var command = new Command("show", "A stored plan and, once applied, what each move did") { id };
        return command.Runs(globals, io, async (context, ct) =>
        {
            return await context.PrintAsync<StoredPlan>(context.Api.GetAsync($"/api/plans/{Uri.EscapeDataString(context.Value(id))}", ct),
                answer => PlanView.Render(context.Console, answer));
        });
    }

    private static Command Apply(GlobalOptions globals, CliIO io)
    {
        var id = new Argument<string>("plan-id") { Description = "The plan's id (plan-...)" };
        var command = new Command("apply", "Apply a stored plan; moves whose orders started or changed since are skipped; applying twice moves nothing twice") { id };
        return command.Runs(globals, io, async (context, ct) =>
        {
            return await context.PrintAsync<StoredPlan>(context.Api.PostAsync($"/api/plans/{Uri.EscapeDataString(context.Value(id))}/apply", null, ct),
                answer => PlanView.Render(context.Console, answer));
        });
    }
}
