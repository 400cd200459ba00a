import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { editor, editorText, openForm, setEditorText } from './proposal-editor';

/** The proposal flow in the browser: edit, simulate, read the impact, submit, find it in the list. */

const VPC = 'prod:vpc/main';
const formUrl = (id: string) => `/changes/new?component=${encodeURIComponent(id)}`;

/** The whole form once the impact graph (which only a valid config has) has drawn, from the top (the header is sticky). */
async function shoot(page: Page, name: string): Promise<void> {
  if (await page.locator('[data-testid="impact-report"][data-document="config"]').count()) await expect(page.locator('[data-testid="impact-graph"] canvas').first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** The editor's text as JSON; null while it is not (yet) valid JSON. */
async function editorJson(page: Page): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await editorText(page));
  } catch {
    return null;
  }
}

test.describe('proposing a change', () => {
  test('alice edits a vpc, simulates, sees its blast radius, submits and finds the request in the list', async ({ page, signIn }) => {
    await signIn('alice');
    await openForm(page, formUrl(VPC));
    await expect(page.getByRole('heading', { name: `Propose a change to ${VPC}` })).toBeVisible();
    const current = JSON.parse(await editorText(page));
    expect(current.cidr).toBe('10.40.0.0/16');

    const proposed = JSON.stringify({ ...current, flow_log_retention_days: 90 }, null, 2);
    await setEditorText(page, proposed);
    await expect(page.getByTestId('submit-hint')).toHaveText('Simulate to see the impact before submitting.');
    await expect(page.getByRole('button', { name: 'Submit for review' })).toBeDisabled();
    await page.getByRole('button', { name: 'Simulate' }).click();

    const report = page.getByTestId('impact-report');
    await expect(report.getByTestId('validation-ok')).toBeVisible();
    await expect(report.getByTestId('field-diff')).toContainText('flow_log_retention_days');
    // Flow-log retention changes no vpc output (the demo's derivedOutputs map says what cidr changes): every dependent is unaffected.
    await expect(report.getByTestId('risk-badge')).toHaveAttribute('data-level', 'medium');
    const counts = report.getByTestId('consequence-counts');
    await expect(counts.locator('[data-verdict="must_redeploy"]')).toHaveAttribute('data-count', '0');
    await expect(counts.locator('[data-verdict="stale_copy"]')).toHaveAttribute('data-count', '0');

    // The blast radius the page lists is the one the API computes for the same proposal…
    const listed = await page.getByTestId('blast-radius-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-component-id')));
    const api = await page.context().request.post('/api/simulate', { data: { componentId: VPC, proposedConfig: proposed } });
    const simulated = await api.json();
    expect(listed).toEqual(simulated.blastRadius.components.map((c: { id: string }) => c.id));
    expect(listed.length).toBe(simulated.blastRadius.total);
    // …and holds every component that refers to the vpc directly.
    const component = await (await page.context().request.get(`/api/components/${encodeURIComponent(VPC)}`)).json();
    const direct: string[] = component.dependents.map((e: { from: string }) => e.from);
    expect(direct.length).toBeGreaterThan(3);
    expect(listed).toEqual(expect.arrayContaining(direct));
    await expect(page.getByTestId('blast-radius-section')).toContainText(`Blast radius (${simulated.blastRadius.total})`);
    await shoot(page, 'proposal-simulated');

    const title = `Keep vpc flow logs for 90 days ${Date.now()}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Cost review: the audit policy asks for 90 days.');
    await expect(page.getByTestId('submit-hint')).toHaveText('Ready to submit: reviewers will see this impact.');
    await page.getByRole('button', { name: 'Submit for review' }).click();

    await expect(page.getByTestId('submitted-note')).toContainText('It needs 2 approvals');
    await expect(page.getByTestId('change-title')).toHaveText(title);
    await expect(page.getByTestId('change-status')).toHaveText('Open');
    await expect(page.getByTestId('proposed-config')).toContainText('"flow_log_retention_days": 90');

    await page.getByRole('link', { name: 'Changes' }).first().click();
    const row = page.getByTestId('change-row').filter({ hasText: title });
    await expect(row).toContainText(VPC);
    await expect(row).toContainText('alice@example.com');
    await expect(row).toContainText('Medium risk');
    await expect(row).toContainText('Open');
  });

  test('the form refuses to submit a simulation that is not current, and keeps the text across a reload', async ({ page, signIn }) => {
    await signIn('alice');
    await openForm(page, formUrl('dev:sqs-queue/ops-alerts'));
    const current = JSON.parse(await editorText(page));
    await setEditorText(page, JSON.stringify({ ...current, visibility_timeout_seconds: 45 }, null, 2));
    await page.getByLabel('Title').fill('Longer visibility timeout');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect(page.getByTestId('submit-hint')).toHaveText('Ready to submit: reviewers will see this impact.');

    await setEditorText(page, JSON.stringify({ ...current, visibility_timeout_seconds: 50 }, null, 2));
    await expect(page.getByTestId('submit-hint')).toHaveText('The proposal changed since the last simulation: simulate again.');
    await expect(page.getByRole('button', { name: 'Submit for review' })).toBeDisabled();

    await page.reload();
    await expect.poll(async () => (await editorJson(page))?.visibility_timeout_seconds).toBe(50);
    await expect(page.getByLabel('Title')).toHaveValue('Longer visibility timeout');
    await page.getByRole('button', { name: 'Reset to the current config' }).click();
    await expect.poll(() => editorJson(page)).toEqual(current);
  });

  test('an invalid JSON edit is marked at its line, and schema errors at their field', async ({ page, signIn }) => {
    await signIn('alice');
    await openForm(page, formUrl(VPC));
    const text = await editorText(page);
    // Drop the comma after `"az_count": 3` (line 3): the parser trips where line 4 starts.
    await setEditorText(page, text.replace('"az_count": 3,', '"az_count": 3'));
    await expect(page.getByTestId('json-error')).toHaveText(/line 4, column 3: expected "," or "}" after the value of "az_count"/);
    await expect(page.locator('.cm-line').nth(3).locator('.cm-lintRange-error')).toHaveCount(1);
    await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
    await expect(page.getByTestId('submit-hint')).toHaveText('Fix the JSON first.');

    await setEditorText(page, text.replace('10.40.0.0/16', '10.400.0.0/16'));
    await expect(page.getByTestId('json-error')).toHaveCount(0);
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect(page.getByTestId('validation-errors')).toContainText('cidr must match format "cidr"');
    // line 2 is `"cidr": "10.400.0.0/16",`
    await expect(page.locator('.cm-line').nth(1).locator('.cm-lintRange-error')).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Submit for review' })).toBeDisabled();
    // A config failing its schema gets its errors only: no risk level or blast radius of a guess.
    await expect(page.getByTestId('impact-report')).toHaveAttribute('data-document', 'none');
    await expect(page.getByTestId('risk-badge')).toHaveCount(0);
    await shoot(page, 'proposal-invalid');
  });

  test('victor, a viewer, sees the page read-only and the API refuses his proposal', async ({ page, signIn }) => {
    await signIn('victor');
    await openForm(page, formUrl(VPC));
    await expect(page.getByTestId('viewer-note')).toContainText('signed in as a viewer');
    await expect(page.getByRole('button', { name: 'Simulate' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Submit for review' })).toHaveCount(0);
    await expect(editor(page)).toHaveAttribute('contenteditable', 'false');

    const current = JSON.parse(await editorText(page));
    const response = await page.context().request.post('/api/changes', {
      data: { componentId: VPC, proposedConfig: JSON.stringify({ ...current, az_count: 2 }), title: 'Fewer AZs', baseVersion: 3 },
    });
    expect(response.status()).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
  });

  test('a proposer can propose a new component', async ({ page, signIn }) => {
    await signIn('alice');
    await openForm(page, '/changes/new');
    await expect(page.getByRole('heading', { name: 'Propose a new component' })).toBeVisible();
    await page.getByLabel('Environment').selectOption('prod');
    await page.getByLabel('Type').fill('s3-bucket');
    await page.getByLabel('Nickname').fill(`exports-${Date.now()}`);
    await setEditorText(page, JSON.stringify({ bucket_name: 'tidepool-prod-exports', versioning: true, kms_key_nickname: 'data', tags: { Environment: 'prod' } }, null, 2));
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect(page.getByTestId('impact-report')).toContainText('New config for');
    await expect(page.getByTestId('blast-radius-empty')).toBeVisible();
    await page.getByLabel('Title').fill('A bucket for exports');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page.getByTestId('change-title')).toHaveText('A bucket for exports');
    await expect(page.getByTestId('change-status')).toHaveText('Open');
  });
});
