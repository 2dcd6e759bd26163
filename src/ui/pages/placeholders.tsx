// Sections whose pages are still being built. They are real routes already, with their roles in
// PAGE_ROLES and their place in the menu, so access rules and navigation are right from day one;
// each one is replaced by its page (delete its line here and add the page module).
import { definePages } from '../define';
import { render } from '../render';
import { NAV_ITEMS } from '../nav';
import { Banner } from '../components/banner';

const UNDER_CONSTRUCTION: readonly { href: string; api: string }[] = [];

export const placeholderPages = definePages((page) => {
  for (const { href, api } of UNDER_CONSTRUCTION) {
    const item = NAV_ITEMS.find((n) => n.href === href)!;
    page.get(href, (c) =>
      render(c, {
        title: item.label,
        body: (
          <>
            <div class="page-head">
              <h1>{item.label}</h1>
            </div>
            <Banner tone="info" title="หน้านี้กำลังจัดทำ">
              <p>{item.summary}</p>
              <p>
                ระหว่างนี้ใช้งานผ่าน API ได้ที่ <code>{api}</code>
              </p>
            </Banner>
          </>
        ),
      }),
    );
  }
});
