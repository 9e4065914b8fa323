-- 0013_inspection_list.sql — indexes for the inspection list at province
-- scale (issue 5, benchmark: an officer's list over 2M inspections). The
-- list (src/inspection_api.c, inspection_list_sql) drives its query by the
-- most selective filter given; these two serve the field app's 今日检查:
--   inspection_status: a status other than closed (scheduled, in progress,
--     reported, cancelled: few at any time), inside the caller's scope;
--   inspection_window: the window meeting a recent date inside the scope —
--     what ends on or after it (window_to) and starts by the other end
--     (window_from) is read from the index alone; with status and type
--     in it, the 工作台's counts of the year (src/workbench.c) are too.
-- "mine" alone uses inspection_person_person (0006) newest first.
CREATE INDEX inspection_status ON inspection(status, region_path);
CREATE INDEX inspection_window ON inspection(region_path, window_to, window_from, status, type);
