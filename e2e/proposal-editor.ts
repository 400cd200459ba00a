import { expect, type Page } from '@playwright/test';

/** The proposal form's config editor (CodeMirror), driven as a person would. */

export const editor = (page: Page) => page.locator('[data-testid="config-editor"] .cm-content');

/** Opens the proposal form and waits for the editor, which renders in the browser only. */
export async function openForm(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('[data-testid="config-editor"] .cm-line').first()).toBeVisible();
}

/** Replaces the editor's whole text the way a person pasting would (no auto-closed brackets). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll('[data-testid="config-editor"] .cm-line')];
    return lines.map((line) => line.textContent ?? '').join('\n');
  });
}
