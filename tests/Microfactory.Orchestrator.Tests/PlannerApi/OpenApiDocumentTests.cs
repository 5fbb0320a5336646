using System.Net;
using System.Text.RegularExpressions;
using Microfactory.Orchestrator.Api.Validation;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.OpenApi;

namespace Microfactory.Orchestrator.Tests.PlannerApi;

/// <summary>The served OpenAPI document is valid and says what the API does: its security, its errors, its types and bounds.</summary>
public sealed partial class OpenApiDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] ErrorStatuses = ["400", "401", "403", "404", "409", "413", "415", "422", "503"];

    [Fact]
    public async Task The_document_reads_and_validates_with_no_error()
    {
        var (document, diagnostic) = await LoadAsync();

        Assert.Empty(diagnostic.Errors.Select(e => e.ToString()));
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal("Microfactory planner API", document.Info.Title);
        Assert.DoesNotContain(document.Paths.Keys, p => p.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_api_operation_requires_the_bearer_scheme_and_documents_its_errors_as_ProblemDetails()
    {
        var (document, _) = await LoadAsync();

        var scheme = Assert.IsType<OpenApiSecurityScheme>(document.Components!.SecuritySchemes!["Bearer"], exactMatch: false);
        Assert.Equal((SecuritySchemeType.Http, "bearer"), (scheme.Type, scheme.Scheme));
        foreach (var (path, operation) in ApiOperations(document))
        {
            Assert.True(operation.Security?.SelectMany(r => r.Keys).Any(k => k.Reference.Id == "Bearer") == true, $"{path} has no bearer requirement");
            Assert.Contains("401", operation.Responses!.Keys);
            foreach (var (status, response) in operation.Responses.Where(r => ErrorStatuses.Contains(r.Key)))
            {
                var media = Assert.Single(response.Content!);
                Assert.Equal("application/problem+json", media.Key);
                Assert.Equal("ProblemDetails", Assert.IsType<OpenApiSchemaReference>(media.Value.Schema).Reference.Id);
                Assert.False(string.IsNullOrEmpty(response.Description), $"{path} {status} has no description");
            }
        }
    }

    [Theory]
    [InlineData("/api/orders", HttpMethodName.Post, new[] { "400", "401", "413", "415", "422", "503" })]
    [InlineData("/api/orders/{id}", HttpMethodName.Get, new[] { "400", "401", "404" })]
    [InlineData("/api/orders/{id}/cancel", HttpMethodName.Post, new[] { "400", "401", "404", "409", "413", "415", "503" })]
    [InlineData("/api/cities/{id}", HttpMethodName.Put, new[] { "400", "401", "403", "413", "415", "422", "503" })]
    [InlineData("/api/designs/{product}/versions/{version}/bundle", HttpMethodName.Put, new[] { "400", "401", "403", "404", "409", "413", "415", "422", "503" })]
    public async Task Operations_document_the_errors_that_apply_to_them(string path, HttpMethodName method, string[] statuses)
    {
        var (document, _) = await LoadAsync();

        var operation = document.Paths[path].Operations![new HttpMethod(method.ToString().ToUpperInvariant())];

        Assert.Equal(statuses, operation.Responses!.Keys.Where(k => k[0] is '4' or '5').Order());
    }

    [Fact]
    public async Task Only_the_fields_the_API_requires_are_required_and_each_has_its_type_and_bounds()
    {
        var (document, _) = await LoadAsync();
        var schemas = document.Components!.Schemas!;

        var order = schemas["OrderSubmission"];
        Assert.Equal(["deliveryCityId", "dueAt", "product", "quantity"], order.Required!.Order());
        var quantity = order.Properties!["quantity"];
        Assert.True(quantity.Type!.Value.HasFlag(JsonSchemaType.Integer), "quantity is an integer");
        Assert.False(quantity.Type.Value.HasFlag(JsonSchemaType.String), "quantity is not also a string");
        Assert.Equal(("1", "1000000"), (quantity.Minimum, quantity.Maximum));
        Assert.Equal(Limits.Version, order.Properties["designVersion"].MaxLength);
        Assert.Equal(Limits.Name, schemas["CityDefinition"].Properties!["name"].MaxLength);
        Assert.Equal(Limits.Reason, schemas["CancelRequest"].Properties!["reason"].MaxLength);
        Assert.Empty(schemas["RebalanceBody"].Required ?? new HashSet<string>());

        // A response: what is never null is always there, what may be null may be left out.
        var view = schemas["OrderView"];
        Assert.Contains("status", view.Required!);
        Assert.DoesNotContain("assignment", view.Required!);
        Assert.Equal(JsonSchemaType.String, schemas["OrderPriority"].Type);
    }

    [Fact]
    public async Task List_filters_are_arrays_of_their_values_and_limit_is_an_integer_with_its_range()
    {
        var (document, _) = await LoadAsync();
        var list = document.Paths["/api/orders"].Operations![HttpMethod.Get];

        var status = list.Parameters!.Single(p => p.Name == "status");
        Assert.Equal(JsonSchemaType.Array, status.Schema!.Type);
        Assert.Contains("Completed", status.Schema.Items!.Enum!.Select(e => e!.ToString()));
        Assert.Equal(ParameterStyle.Form, status.Style ?? ParameterStyle.Form); // form, exploded: status=a&status=b
        var limit = list.Parameters!.Single(p => p.Name == "limit").Schema!;
        Assert.Equal((JsonSchemaType.Integer, "1", "1000"), (limit.Type, limit.Minimum, limit.Maximum));
        var key = document.Paths["/api/orders"].Operations![HttpMethod.Post].Parameters!.Single(p => p.Name == "Idempotency-Key");
        Assert.True(key.Required);
        Assert.Equal(Limits.IdempotencyKey, key.Schema!.MaxLength);
    }

    [Fact]
    public async Task The_api_reference_is_served_from_the_orchestrator_itself()
    {
        using var browser = factory.CreateClient();
        var page = await (await browser.GetAsync("/scalar").Within("GET /scalar")).Content.ReadAsStringAsync().Within("the reference page");
        var assets = Asset().Matches(page).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            Assert.False(Uri.TryCreate(asset, UriKind.Absolute, out var absolute) && absolute.Host is not ("localhost" or ""), $"{asset} is not served by the orchestrator");
            var response = await browser.GetAsync(new Uri(new Uri("http://localhost/scalar/"), asset)).Within($"GET {asset}");
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}");
        }

        // Offline: no web fonts from a CDN; the key goes in through the document's bearer scheme.
        Assert.Contains("\"withDefaultFonts\":false", page.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Bearer", page, StringComparison.Ordinal);
    }

    public enum HttpMethodName
    {
        Get,
        Post,
        Put,
    }

    private async Task<(OpenApiDocument Document, Microsoft.OpenApi.Reader.OpenApiDiagnostic Diagnostic)> LoadAsync()
    {
        using var client = factory.Anonymous();
        await using var stream = await client.GetStreamAsync("/openapi/v1.json").Within("GET /openapi/v1.json");
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "json");
        Assert.NotNull(document);
        return (document, diagnostic!);
    }

    private static IEnumerable<(string Path, OpenApiOperation Operation)> ApiOperations(OpenApiDocument document) =>
        document.Paths.Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.Operations!.Select(o => ($"{o.Key} {p.Key}", o.Value)));

    [GeneratedRegex("""<(?:script|link)[^>]+(?:src|href)="(?<url>[^"]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex Asset();
}
