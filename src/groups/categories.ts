/** The deal categories a group can choose for automatic pushes (the platforms' top-level ones). */
export const CATEGORIES = ['美妆', '数码', '食品', '服饰', '家居', '母婴', '运动', '个护'] as const
export type Category = (typeof CATEGORIES)[number]
