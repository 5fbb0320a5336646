using System.Net;
using Microfactory.Network.Link;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace Microfactory.Orchestrator.Tests.CellOperations;

/// <summary>
/// A remote operator confirms a cell that waits for its operator through the API: the cell's waiting shows in the
/// site views as its agent reports it, and the confirmation goes into the site's outbox as the contract's message.
/// </summary>
public sealed class OperatorConfirmationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    private SiteLink Link => factory.Services.GetRequiredService<SiteLink>();

    [Fact]
    public async Task A_waiting_cell_shows_in_the_views_and_a_planner_confirmation_reaches_the_outbox_once()
    {
        await _seed.CityAsync("sendai", 38.27, 140.87);
        await _seed.SiteAsync("sendai-01", "sendai", 38.26, 140.88, ["additive"]);
        await _seed.ConnectAsync("sendai-01");
        await Link.ReportCellsAsync("sendai-01", [new CellReport("cell-1", CellState.Idle, null) { AwaitingOperator = true }]).Within("a capacity report: cell-1 waits");

        var listed = await (await _planner.GetAsync("/api/sites?city=sendai").Within("GET /api/sites")).ReadAsync<List<SiteView>>();
        Assert.True(Assert.Single(Assert.Single(listed).Cells).AwaitingOperator, "GET /api/sites should show cell-1 waiting for its operator");

        var response = await _planner.PostAsync("/api/sites/sendai-01/cells/cell-1/operator-confirmation", Json.Body(new { note = "  bed cleared  " })).Within("POST confirmation");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmation = await response.ReadAsync<OperatorConfirmation>();
        Assert.Equal(("cell-1", "test-planner", "bed cleared"), (confirmation.CellId, confirmation.ConfirmedBy, confirmation.Note));

        var again = await (await _planner.PostAsync("/api/sites/sendai-01/cells/cell-1/operator-confirmation", null).Within("POST confirmation again")).ReadAsync<OperatorConfirmation>();
        Assert.Equal(confirmation.Sequence, again.Sequence);

        var outbox = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISiteGrain>("sendai-01").PendingAsync(0).Within("the outbox");
        var sent = Assert.Single(outbox, m => m.Kind == OutboxKind.OperatorConfirmation).ToContract();
        Assert.Equal((ulong)confirmation.Sequence, sent.Sequence);
        Assert.Equal(("cell-1", "test-planner", "bed cleared"), (sent.OperatorConfirmation.CellId, sent.OperatorConfirmation.ConfirmedBy, sent.OperatorConfirmation.Note));

        // The agent opened the gate and says so: the view follows, and a further confirmation is refused.
        await Link.AcknowledgeAsync("sendai-01", confirmation.Sequence).Within("the agent's ack");
        await Link.ReportCellsAsync("sendai-01", [new CellReport("cell-1", CellState.Busy, null) { AwaitingOperator = false }]).Within("a capacity report: cell-1 runs");
        var site = await (await _planner.GetAsync("/api/sites/sendai-01").Within("GET the site")).ReadAsync<SiteView>();
        Assert.False(Assert.Single(site.Cells).AwaitingOperator);
        var late = await _planner.PostAsync("/api/sites/sendai-01/cells/cell-1/operator-confirmation", null).Within("POST a late confirmation");
        Assert.Contains("not waiting", (await late.ProblemAsync(409)).Detail);
    }

    [Fact]
    public async Task A_cell_that_is_not_waiting_is_409_and_unknown_sites_and_cells_are_404()
    {
        await _seed.CityAsync("nagoya", 35.18, 136.91);
        await _seed.SiteAsync("nagoya-01", "nagoya", 35.17, 136.90, ["cnc"]);

        var idle = await _planner.PostAsync("/api/sites/nagoya-01/cells/cell-1/operator-confirmation", null).Within("confirm an idle cell");
        var unknownCell = await _planner.PostAsync("/api/sites/nagoya-01/cells/cell-9/operator-confirmation", null).Within("confirm an unknown cell");
        var unknownSite = await _planner.PostAsync("/api/sites/ghost-01/cells/cell-1/operator-confirmation", null).Within("confirm at an unknown site");

        Assert.Contains("cell-1", (await idle.ProblemAsync(409)).Detail);
        Assert.Contains("cell-9", (await unknownCell.ProblemAsync(404)).Detail);
        Assert.Contains("ghost-01", (await unknownSite.ProblemAsync(404)).Detail);
    }

    [Fact]
    public async Task A_bad_cell_id_or_an_oversized_note_is_400_naming_the_field()
    {
        var badId = await _planner.PostAsync("/api/sites/nagoya-01/cells/Cell%20One/operator-confirmation", null).Within("a bad cell id");
        var longNote = await _planner.PostAsync("/api/sites/nagoya-01/cells/cell-1/operator-confirmation", Json.Body(new { note = new string('n', 501) })).Within("a long note");
        var anonymous = await factory.Anonymous().PostAsync("/api/sites/nagoya-01/cells/cell-1/operator-confirmation", null).Within("no key");

        Assert.Contains("Cell id", (await badId.ProblemAsync(400)).Detail);
        Assert.Equal("note", (await longNote.ProblemAsync(400)).Extensions["field"]?.ToString());
        await anonymous.ProblemAsync(401);
    }
}
